from tests.witnesses.conftest import lens  # noqa: F401 - the same fictional records serve both apps
