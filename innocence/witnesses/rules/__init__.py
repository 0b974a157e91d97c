"""Witness-lens rules. Importing this package registers them with the findings runner."""

import importlib

RULE_MODULES = ("eyewitness", "confessions", "informants")

for _name in RULE_MODULES:
    importlib.import_module(f"{__name__}.{_name}")
