"""Findings: the one shape every lens uses to tell a user something about a case's record.

How a lens adds rules (the Witness lens in ``innocence/witnesses/rules/`` is the example):

1. Write the knowledge entry in ``innocence/knowledge/<topic>.yaml``::

       lens: evidence
       rules:
         - id: forensic.hair_microscopy
           version: 1
           title: Microscopic hair comparison offered as identification
           statement: What the research or law says, in plain words.
           authorities: [nas2009]        # keys defined under `authorities:` in any YAML file
           nre_factors: [F/MFE]          # NRE contributing factors it bears on
           thresholds: {...}             # optional; read with entry.threshold("name")

2. Write the rule in ``innocence/<app>/rules`` (a module or package; it is imported by
   :data:`innocence.findings.registry.RULE_MODULES`)::

       from innocence.findings.registry import FindingDraft, cite_field, rule

       @rule("forensic.hair_microscopy", lens="evidence")
       def hair_microscopy(case, entry):
           for test in ForensicTest.objects.filter(case=case):
               yield FindingDraft(subject_key=f"test:{test.pk}", status="present" | "absent" | "not_recorded",
                                  text="what the record says, in its own words",
                                  citations=[cite_field(test, "method")])

   A rule lacking the fact it needs returns ``not_recorded``, never ``absent``; text never says
   or implies innocence. ``cite_field`` cites a structured field and, when the record carries
   ``document``/``page_number``/``quote``, the page and verbatim passage too.

3. After each write to the lens's records call
   ``innocence.findings.services.findings_recompute(case=case, lens="evidence", actor=actor)``.
   Re-runs are keyed by (case, rule id, subject key): reviewers' confirmations and dismissals
   survive, and a reviewed finding whose facts change is flagged "facts changed since review".

4. Show them on your tab: ``present_findings(user, list(findings_for_case(case, lens=...)))``,
   ``findings_by_status(...)`` and ``{% include "findings/_findings.html" with lens="evidence" %}``;
   the NRE indicators panel is ``{% include "findings/_indicators.html" %}`` with
   ``indicators = indicators_for_case(user, case)``.
"""
