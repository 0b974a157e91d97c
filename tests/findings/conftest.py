from tests.witnesses.conftest import _fast_password_hashing, lens  # noqa: F401 - shared fictional records
