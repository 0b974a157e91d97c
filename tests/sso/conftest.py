"""A real OpenID Connect provider for the tests: node-oidc-provider (tests/sso/idp, its
package installed by scripts/bootstrap.sh with npm) started on 127.0.0.1 for the module."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

IDP = Path(__file__).parent / "idp"
CLIENT_ID = "innocence-files-test"
CLIENT_SECRET = "fictional-client-secret-for-tests"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_idp(redirect_uris: list[str]) -> Iterator[Any]:
    node = shutil.which("node")
    if node is None or not (IDP / "node_modules" / "oidc-provider").exists():
        pytest.skip(
            "node and tests/sso/idp/node_modules (npm ci in tests/sso/idp) are needed for the real provider"
        )
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": " ".join(redirect_uris),
    }
    process = subprocess.Popen(
        [node, "server.mjs"], cwd=IDP, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    line = ""
    for _ in range(50):
        line = process.stdout.readline()
        if line.startswith("LISTENING"):
            break
    else:
        process.kill()
        pytest.fail(f"the OIDC provider did not start: {line}")
    try:
        yield SimpleNamespace(issuer=line.split()[1], port=port, process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def idp() -> Any:
    with running_idp(
        [f"http://testserver/sso/{slug}/callback/" for slug in ("parish-ciu", "sso-test")]
    ) as found:
        yield found
