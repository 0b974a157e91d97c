"""The Redis (RQ) backend of the task API, against a real redis-server started here."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time
from typing import Any

import pytest

from .conftest import make_pdf


@pytest.fixture
def redis_url(tmp_path: Any) -> Any:
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    from redis import Redis

    deadline = time.monotonic() + 10
    while True:
        try:
            Redis.from_url(url).ping()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


@pytest.mark.django_db(transaction=True)
def test_documents_are_processed_through_rq(world: Any, redis_url: str, settings: Any) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    from innocence.documents import services
    from innocence.documents.models import Document
    from innocence.jobs import rq_backend
    from innocence.jobs.models import Job

    settings.INNOCENCE_QUEUE = "rq"
    settings.REDIS_URL = redis_url
    result = services.add_file(
        actor=world.on_team,
        organization=world.north,
        case=world.case,
        name="r.pdf",
        stream=io.BytesIO(make_pdf(["A fictional page processed by an RQ worker, with words."])),
    )
    assert not Job.objects.exists()  # nothing in the database queue
    connection = Redis.from_url(redis_url)
    queue = Queue(rq_backend.QUEUE_NAME, connection=connection)
    assert queue.count == 1
    SimpleWorker([queue], connection=connection).work(burst=True)
    document = Document.objects.get(pk=result.document.pk)
    assert document.status == "done" and document.page_count == 1
