"""Witness-lens rules. Importing this package registers them with the findings runner."""

from . import confessions, eyewitness, informants

__all__ = ["confessions", "eyewitness", "informants"]
