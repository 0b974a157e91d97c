"""Test settings: the project's settings plus the fictional test lens app (tests/lensapp),
which the extension registry must pick up on its own."""

from innocence.settings import *  # noqa: F403
from innocence.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.lensapp"]
