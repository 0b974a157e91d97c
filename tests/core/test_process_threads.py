"""A process of the app does not pay for idle BLAS threads (numpy's OpenBLAS spins a thread
per core at import unless told otherwise; nothing here needs them)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads through /proc (Linux)")
def test_importing_numpy_under_the_app_starts_no_blas_threads() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENBLAS_", "OMP_"))}
    code = "import innocence, numpy, os; print(len(os.listdir('/proc/self/task')))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"
    # The environment still decides when it says something.
    assert (
        subprocess.run(
            [sys.executable, "-c", "import innocence, os; print(os.environ['OPENBLAS_NUM_THREADS'])"],
            env={**env, "OPENBLAS_NUM_THREADS": "2"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        == "2"
    )
