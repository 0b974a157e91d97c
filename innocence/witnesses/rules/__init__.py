"""Witness-lens rules, one module per subject, each declared in ``witnesses/extensions.py``."""
