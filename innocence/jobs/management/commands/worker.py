"""`innocence worker [--processes N] [--burst]`: run background jobs (OCR, ingestion)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run background jobs (document ingestion, OCR). `innocence serve` starts one for you."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--processes", type=int, default=1, help="Worker processes (default 1).")
        parser.add_argument("--burst", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Tesseract must stay single-threaded: parallelism comes from worker processes.
        os.environ["OMP_THREAD_LIMIT"] = "1"
        processes = max(1, options["processes"])
        if processes > 1:
            self._supervise(processes, burst=options["burst"])
            return
        from innocence.core.request_context import acting
        from innocence.jobs import queue

        queue.discover()
        with acting(channel="worker"):
            if queue.backend_name() == "rq":
                from innocence.jobs import rq_backend

                rq_backend.work(burst=options["burst"])
                return
            if options["burst"]:
                count = queue.run_until_empty()
                self.stdout.write(f"Ran {count} job(s).")
                return
            stop = threading.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            queue.work_forever(stop=stop)

    def _supervise(self, processes: int, *, burst: bool) -> None:
        """Run ``processes`` single-process workers and forward signals to them. A worker
        that dies while the others go on (killed, out of memory) is started again, unless
        this is a --burst run; its job is taken again by a worker once its lease runs out
        (database queue) or RQ finds it abandoned. One that keeps dying at once is restarted
        more slowly, so a broken set-up does not spin."""
        argv = [sys.executable, "-m", "innocence.cli", "worker", "--processes", "1"]
        if burst:
            argv.append("--burst")
        stopping = threading.Event()
        children = [subprocess.Popen(argv) for _ in range(processes)]
        started = [time.monotonic()] * processes
        quick_deaths = [0] * processes

        def forward(signum: int, _frame: Any) -> None:
            stopping.set()
            for child in children:
                if child.poll() is None:
                    child.send_signal(signum)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        while any(child.poll() is None for child in children) or not (burst or stopping.is_set()):
            time.sleep(0.5)
            if burst or stopping.is_set():
                continue
            for index, child in enumerate(children):
                code = child.poll()
                if code is None:
                    continue
                lived = time.monotonic() - started[index]
                quick_deaths[index] = quick_deaths[index] + 1 if lived < 10 else 0
                wait = min(60, 5 * quick_deaths[index]) if quick_deaths[index] > 1 else 0
                self.stderr.write(
                    f"worker process {child.pid} ended (exit status {code}) after {lived:.0f} s; "
                    f"starting another{f' in {wait} s' if wait else ''}"
                )
                if wait and stopping.wait(wait):
                    break
                children[index] = subprocess.Popen(argv)
                started[index] = time.monotonic()
