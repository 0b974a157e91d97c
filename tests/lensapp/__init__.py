"""A FICTIONAL lens app that exists only in the test suite: it proves that a new lens is
one app folder — its model, rule, tab, demo, archive section and page-text consumer all
declared in its own ``extensions.py`` — and that the registry picks it up without any
other app being touched."""
