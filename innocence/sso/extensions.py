"""Single sign-on (OpenID Connect per organization): its URLs."""

from innocence.core.extensions import Extension

EXTENSION = Extension(app="sso", order=20, urls=(("sso/", "innocence.sso.urls"),))
