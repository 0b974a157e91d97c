"""Evidence-lens rules: forensic methods and language (forensic.py), evidence items and their
custody (items.py). Each reads its knowledge entry and returns present / absent / not recorded."""
