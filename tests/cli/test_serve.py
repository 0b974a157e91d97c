"""`innocence serve`: the web app answers, the worker is supervised, SIGTERM stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from innocence.core.serving import Supervisor

PY = sys.executable


def test_supervisor_restarts_a_dying_worker() -> None:
    lines: list[str] = []
    supervisor = Supervisor(
        [PY, "-c", "import time; time.sleep(60)"],
        [PY, "-c", "import sys; sys.exit(3)"],
        log=lines.append,
        restart_delay=0.05,
        poll_seconds=0.05,
    )
    threading.Timer(2.5, supervisor.request_stop).start()
    started = time.monotonic()
    assert supervisor.run(install_signal_handlers=False) == 0
    assert time.monotonic() - started < 15
    assert supervisor.worker_restarts >= 2
    assert "exit code 3" in lines[0]
    assert supervisor.web is not None and supervisor.web.poll() is not None


def test_supervisor_stops_the_worker_when_the_web_server_exits() -> None:
    supervisor = Supervisor(
        [PY, "-c", "import time, sys; time.sleep(1); sys.exit(4)"],
        [PY, "-c", "import time; time.sleep(60)"],
        log=lambda line: None,
        poll_seconds=0.05,
    )
    assert supervisor.run(install_signal_handlers=False) == 4
    assert supervisor.worker is not None and supervisor.worker.poll() is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


# It runs on its own SQLite data directory, so the PostgreSQL pass of the suite adds nothing.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="ran in the SQLite pass")
@pytest.mark.slow
def test_serve_runs_and_stops(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "INNOCENCE_SECRET_KEY")}
    env["INNOCENCE_DATA_DIR"] = str(tmp_path)
    process = subprocess.Popen(
        [PY, "-m", "innocence.cli", "serve", "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        deadline = time.monotonic() + 150
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, "".join(output)
        text = "".join(output)
        assert f"Innocence Files is running at http://127.0.0.1:{port}/" in text
        assert "no accounts yet" in text
        children = _children(process.pid)
        assert len(children) >= 1
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    reader.join(timeout=5)
    assert code == 0, "".join(output)
    assert "Stopped." in "".join(output)
    for child in children:
        assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()


@pytest.mark.django_db
def test_port_in_use_is_refused(tmp_path: Path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is in use"):
            call_command("serve", "--port", str(port))
