"""The knowledge base: versioned data files with citations.

Each YAML file here holds entries that rules read (thresholds, wording, what the research
says) and the authorities they rest on. Changing what science or law says is editing a data
file here, with a test. Every file is read through :mod:`innocence.knowledge.loader`;
the rule entries and authorities are assembled by :mod:`innocence.findings.knowledge`.
"""
