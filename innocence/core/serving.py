"""Running the web app and its background worker side by side (`innocence serve`).

The web server (gunicorn) runs in the foreground; the worker is a child process that
is restarted when it dies, with a growing pause so a crash loop does not spin. Ctrl-C
or SIGTERM stops both.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: The pause before restarting a dead worker doubles up to this many seconds...
MAX_RESTART_DELAY = 30.0
#: ...and starts over once a worker has stayed up this long.
HEALTHY_AFTER = 60.0
STOP_TIMEOUT = 10.0


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "innocence.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
        # gunicorn's control socket lives in the home directory, shared by every
        # instance; nothing of ours uses it.
        "--no-control-socket",
    ]


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "innocence.cli", "worker"]


def port_in_use(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


class Supervisor:
    """Run the web server until it exits or we are told to stop; keep a worker alive."""

    def __init__(
        self,
        web: list[str],
        worker: list[str] | None,
        *,
        log: Callable[[str], None] = print,
        restart_delay: float = 1.0,
        poll_seconds: float = 0.3,
    ) -> None:
        self.web_argv = web
        self.worker_argv = worker
        self.log = log
        self.first_delay = restart_delay
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()
        self.worker_restarts = 0
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    def request_stop(self, *_: Any) -> None:
        self.stopping.set()

    def run(self, *, install_signal_handlers: bool = True) -> int:
        if install_signal_handlers:
            signal.signal(signal.SIGTERM, self.request_stop)
            signal.signal(signal.SIGINT, self.request_stop)
        self.web = subprocess.Popen(self.web_argv)
        delay = self.first_delay
        next_start = 0.0
        started_at = 0.0
        exit_code = 0
        try:
            while not self.stopping.is_set():
                if self.web.poll() is not None:
                    exit_code = self.web.returncode
                    self.log(f"The web server stopped (exit code {exit_code}).")
                    break
                if self.worker_argv is not None:
                    now = time.monotonic()
                    if self.worker is None and now >= next_start:
                        self.worker = subprocess.Popen(self.worker_argv)
                        started_at = now
                    elif self.worker is not None and self.worker.poll() is not None:
                        code = self.worker.returncode
                        self.worker = None
                        if now - started_at >= HEALTHY_AFTER:
                            delay = self.first_delay
                        self.worker_restarts += 1
                        self.log(
                            f"The background worker stopped (exit code {code}); restarting in {delay:.0f} s."
                        )
                        next_start = now + delay
                        delay = min(delay * 2, MAX_RESTART_DELAY)
                self.stopping.wait(self.poll_seconds)
        finally:
            self._stop_children()
        return exit_code

    def _stop_children(self) -> None:
        children = [p for p in (self.worker, self.web) if p is not None and p.poll() is None]
        for child in children:
            child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
