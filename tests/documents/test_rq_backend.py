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
    # the job is in its document's lane (fair scheduling: lanes served round-robin)
    queues = [Queue(name, connection=connection) for name in rq_backend.queue_names()]
    assert sum(queue.count for queue in queues) == 1
    assert Queue(rq_backend.lane_of(f"doc:{result.document.pk}"), connection=connection).count == 1
    SimpleWorker(queues, connection=connection).work(burst=True)
    document = Document.objects.get(pk=result.document.pk)
    assert document.status == "done" and document.page_count == 1


RAN: list[str] = []


def _record(payload: dict[str, Any]) -> None:
    RAN.append(f"doc:{payload['document_id']}")


def test_rq_serves_documents_round_robin(redis_url: str, settings: Any) -> None:
    """Fair scheduling on Redis as on the database queue: a document with many jobs holds
    one lane; a small document in another lane is served within the first turns."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    from innocence.jobs import queue as jobs
    from innocence.jobs import rq_backend

    settings.REDIS_URL = redis_url
    spec = jobs.TaskSpec("tests.record", _record, 1)
    jobs._REGISTRY["tests.record"] = spec
    big, small = (
        1,
        next(n for n in range(2, 99) if rq_backend.lane_of(f"doc:{n}") != rq_backend.lane_of("doc:1")),
    )
    for _ in range(20):
        rq_backend.enqueue(spec, {"document_id": big}, group=f"doc:{big}")
    rq_backend.enqueue(spec, {"document_id": small}, group=f"doc:{small}")

    class RoundRobinInProcess(SimpleWorker):
        # the production worker's order (rq_backend.work uses RQ's RoundRobinWorker), run
        # in this process so that the test sees the order
        reorder_queues = rq_backend.RoundRobinWorker.reorder_queues

    connection = Redis.from_url(redis_url)
    queues = [Queue(name, connection=connection) for name in rq_backend.queue_names()]
    RAN.clear()
    assert sum(q.count for q in queues) == 21
    RoundRobinInProcess(queues, connection=connection).work(burst=True)
    assert sum(q.count for q in queues) == 0
    failed = [Queue(n, connection=connection).failed_job_registry for n in rq_backend.queue_names()]
    assert not any(r.count for r in failed), [
        q.fetch_job(j).exc_info for q in failed for j in q.get_job_ids()
    ]
    assert len(RAN) == 21
    assert RAN.index(f"doc:{small}") <= 2, RAN
