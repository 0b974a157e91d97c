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


# --- the last failure on Redis: given up as on the database queue ----------------------------
#
# On the database queue a job's last failure calls its task's on_give_up (a document is marked
# failed with the reason). RQ keeps its own count of retries; these tests check that after the
# last one the task gives up just the same, so that nothing waits on the job for ever.

GAVE_UP: list[tuple[dict[str, Any], str]] = []
ATTEMPTS: list[str] = []


def _always_fails(payload: dict[str, Any]) -> None:
    ATTEMPTS.append("fails")
    raise RuntimeError("the fictional archive server is offline")


def _runs_too_long(payload: dict[str, Any]) -> None:
    ATTEMPTS.append("too-long")
    time.sleep(10)


def _needs_too_much_memory(payload: dict[str, Any]) -> None:
    ATTEMPTS.append("memory")
    raise MemoryError()


def _kills_its_process(payload: dict[str, Any]) -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def _record_give_up(payload: dict[str, Any], reason: str) -> None:
    GAVE_UP.append((payload, reason))


def _register(name: str, func: Any, attempts: int, *, time_limit: float = 0) -> Any:
    from innocence.jobs import queue as jobs

    jobs.discover()
    spec = jobs.TaskSpec(name, func, attempts, _record_give_up, time_limit)
    jobs._REGISTRY[name] = spec
    return spec


def _burst(redis_url: str) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    from innocence.jobs import rq_backend

    connection = Redis.from_url(redis_url)
    queues = [Queue(name, connection=connection) for name in rq_backend.queue_names()]
    SimpleWorker(queues, connection=connection).work(burst=True)


def _failed_count(redis_url: str) -> int:
    from redis import Redis
    from rq import Queue

    from innocence.jobs import rq_backend

    connection = Redis.from_url(redis_url)
    return sum(Queue(n, connection=connection).failed_job_registry.count for n in rq_backend.queue_names())


@pytest.fixture
def rq_settings(redis_url: str, settings: Any) -> str:
    settings.INNOCENCE_QUEUE = "rq"
    settings.REDIS_URL = redis_url
    settings.INNOCENCE_RQ_RETRY_SECONDS = ["0"]  # retried at once, so that one burst sees them all
    GAVE_UP.clear()
    ATTEMPTS.clear()
    return redis_url


def test_a_job_that_always_fails_is_retried_then_given_up_once_on_rq(rq_settings: str) -> None:
    from innocence.jobs import rq_backend

    spec = _register("tests.always_fails", _always_fails, 3)
    rq_backend.enqueue(spec, {"document_id": 4}, group="doc:4")
    _burst(rq_settings)
    assert ATTEMPTS == ["fails"] * 3
    assert GAVE_UP == [
        ({"document_id": 4}, "Gave up after 3 attempts. Last error: RuntimeError: the fictional archive server is offline")
    ]
    assert _failed_count(rq_settings) == 1  # RQ keeps it among its failed jobs too


def test_a_job_past_its_time_limit_is_stopped_and_not_retried_on_rq(rq_settings: str) -> None:
    from innocence.jobs import rq_backend

    spec = _register("tests.runs_too_long", _runs_too_long, 3, time_limit=1)
    started = time.monotonic()
    rq_backend.enqueue(spec, {"document_id": 5}, group="doc:5")
    _burst(rq_settings)
    assert time.monotonic() - started < 8  # stopped at its limit, not after its 10 s
    assert ATTEMPTS == ["too-long"]  # the same job would run out of time again
    assert GAVE_UP == [({"document_id": 5}, "Stopped: it ran longer than its time limit of 1 s.")]


def test_a_job_over_its_memory_limit_is_stopped_and_not_retried_on_rq(rq_settings: str) -> None:
    from innocence.jobs import rq_backend

    spec = _register("tests.needs_memory", _needs_too_much_memory, 3)
    rq_backend.enqueue(spec, {"document_id": 6}, group="doc:6")
    _burst(rq_settings)
    assert ATTEMPTS == ["memory"]
    [(payload, reason)] = GAVE_UP
    assert payload == {"document_id": 6} and reason.startswith("Stopped: it needed more than its memory limit")


def test_a_killed_work_horse_gives_up_after_its_last_attempt_on_rq(rq_settings: str) -> None:
    """The production worker (a forking RoundRobinWorker): the process running the job is
    killed by a signal, as the kernel's OOM killer would; after the last attempt the task
    gives up with a reason that says so."""
    from innocence.jobs import rq_backend

    spec = _register("tests.kills_itself", _kills_its_process, 1)
    rq_backend.enqueue(spec, {"document_id": 7}, group="doc:7")
    rq_backend.work(burst=True)
    [(payload, reason)] = GAVE_UP
    assert payload == {"document_id": 7}
    assert reason.startswith("Gave up after 1 attempts. Last error: the process running it was killed (signal 9)")


@pytest.mark.django_db(transaction=True)
def test_a_document_whose_processing_fails_for_good_ends_failed_not_stuck_on_rq(
    world: Any, rq_settings: str, add: Any
) -> None:
    """The original is gone from storage before the worker reads it: every attempt fails,
    and after the last one the document says why instead of staying queued for ever (what
    `innocence ingest --wait` and the progress page wait on)."""
    from django.core.files.storage import default_storage

    from innocence.documents.models import Document

    result = add("gone.pdf", make_pdf(["A fictional page whose original goes missing before it is read."]))
    default_storage.delete(result.document.stored_file.storage_path)
    _burst(rq_settings)
    document = Document.objects.get(pk=result.document.pk)
    assert document.status == "failed", (document.status, document.error)
    assert document.error.startswith("Processing stopped:"), document.error


def test_process_again_goes_to_the_front_of_its_lane_on_rq(rq_settings: str) -> None:
    from redis import Redis
    from rq import Queue

    from innocence.jobs import rq_backend

    spec = _register("tests.record_front", _record, 1)
    for _ in range(3):
        rq_backend.enqueue(spec, {"document_id": 8}, group="doc:8")
    urgent = rq_backend.enqueue(spec, {"document_id": 8, "again": True}, group="doc:8", priority=1)
    lane = Queue(rq_backend.lane_of("doc:8"), connection=Redis.from_url(rq_settings))
    assert lane.get_job_ids()[0] == urgent


def test_bad_retry_seconds_are_a_clear_configuration_error(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from innocence.jobs import rq_backend

    settings.INNOCENCE_RQ_RETRY_SECONDS = ["5", "soon"]
    with pytest.raises(ImproperlyConfigured, match="whole seconds"):
        rq_backend.retry_intervals()
    settings.INNOCENCE_RQ_RETRY_SECONDS = ["-1"]
    with pytest.raises(ImproperlyConfigured, match="negative"):
        rq_backend.retry_intervals()
    settings.INNOCENCE_RQ_RETRY_SECONDS = ["1", "2"]
    assert rq_backend.retry_intervals() == [1, 2]


# --- merging waiting jobs on Redis, as the database queue does ------------------------------

RESOLVED: list[dict[str, Any]] = []
DURING: list[Any] = []


def _resolve(payload: dict[str, Any]) -> None:
    RESOLVED.append(payload)
    while DURING:
        DURING.pop(0)()  # a request made while this job runs


def _coalesced(spec: Any, page_ids: list[int], *, delay: float = 0, mode: str = "incremental") -> str:
    from innocence.jobs import rq_backend

    return rq_backend.enqueue_coalesced(
        spec,
        {"case_id": 9, "mode": mode, "page_ids": page_ids},
        key=("case_id", "mode"),
        union="page_ids",
        delay=delay,
        group="case:9",
    )


@pytest.fixture
def resolving(rq_settings: str) -> Any:
    RESOLVED.clear()
    DURING.clear()
    return _register("tests.resolve", _resolve, 3)


def test_requests_for_a_waiting_job_are_merged_into_it_on_rq(resolving: Any, rq_settings: str) -> None:
    first = _coalesced(resolving, [2, 1])
    assert first
    assert _coalesced(resolving, [3]) == "" and _coalesced(resolving, [2, 4]) == ""  # taken by the first
    _burst(rq_settings)
    assert RESOLVED == [{"case_id": 9, "mode": "incremental", "page_ids": [1, 2, 3, 4]}]
    # once it ran, a request queues a job again, with only its own pages
    assert _coalesced(resolving, [5])
    _burst(rq_settings)
    assert RESOLVED[1]["page_ids"] == [5]


def test_a_request_while_the_job_runs_gets_a_job_of_its_own_on_rq(resolving: Any, rq_settings: str) -> None:
    """The job has already read what it works on: what comes meanwhile must not be lost in it."""
    _coalesced(resolving, [1])
    DURING.append(lambda: _coalesced(resolving, [7]))
    _burst(rq_settings)
    assert [p["page_ids"] for p in RESOLVED] == [[1], [7]]


def test_a_sooner_request_does_not_wait_for_a_delayed_job_on_rq(resolving: Any, rq_settings: str) -> None:
    """A full re-run scheduled ten minutes out, then one asked for now (a reviewer's merge):
    the one asked for now runs now."""
    from redis import Redis
    from rq import Queue

    from innocence.jobs import rq_backend

    assert _coalesced(resolving, [], delay=600, mode="full")
    assert _coalesced(resolving, [], mode="full")  # due sooner: queued, not merged
    assert _coalesced(resolving, [], delay=600, mode="full") == ""  # a later one is taken by it
    connection = Redis.from_url(rq_settings)
    queued = sum(Queue(n, connection=connection).count for n in rq_backend.queue_names())
    assert queued == 1  # the one due now; the delayed one waits in RQ's scheduler
    _burst(rq_settings)
    assert RESOLVED == [{"case_id": 9, "mode": "full", "page_ids": []}]


def test_a_failed_attempt_keeps_the_merged_pages_for_its_retry_on_rq(rq_settings: str) -> None:
    from innocence.jobs import queue as jobs

    seen: list[list[int]] = []

    def fails_once(payload: dict[str, Any]) -> None:
        seen.append(list(payload["page_ids"]))
        if len(seen) == 1:
            raise RuntimeError("the fictional database was restarting")

    jobs.discover()
    spec = jobs.TaskSpec("tests.fails_once", fails_once, 3)
    jobs._REGISTRY["tests.fails_once"] = spec
    _coalesced(spec, [1, 2])
    _coalesced(spec, [3])
    _burst(rq_settings)
    assert seen == [[1, 2, 3], [1, 2, 3]]
    _coalesced(spec, [4])
    _burst(rq_settings)
    assert seen[-1] == [4]  # the pages of the job that succeeded are not read again


@pytest.mark.django_db(transaction=True)
def test_schedule_resolution_merges_on_rq_as_on_the_database_queue(world: Any, rq_settings: str) -> None:
    """The production caller: three chunks of a case read for people before a worker
    runs make one resolution job on Redis, not three."""
    from django.db import transaction
    from redis import Redis
    from rq import Queue

    from innocence.jobs import rq_backend
    from innocence.people.resolution_runs import schedule_resolution

    for ids in ([1, 2], [3], [4]):
        with transaction.atomic():
            schedule_resolution(world.case.pk, page_ids=ids)
    connection = Redis.from_url(rq_settings)
    jobs = [
        job
        for name in rq_backend.queue_names()
        for job in Queue(name, connection=connection).get_jobs()
    ]
    assert len(jobs) == 1 and jobs[0].args[0] == "people.resolve_case"
    assert sorted(int(v) for v in connection.smembers(
        rq_backend._coalesce_keys("people.resolve_case", f"case_id={world.case.pk}:mode=incremental")[1]
    )) == [1, 2, 3, 4]


def test_the_page_text_consumers_warm_up_without_the_database() -> None:
    """What an RQ worker loads once before it forks (no database access here: pytest-django
    refuses it outside a django_db test)."""
    from innocence.core.extensions import registry, resolve
    from innocence.jobs import rq_backend

    warmed = [c.name for c in registry().page_text_consumers() if c.warm_up]
    assert {"people.extract", "evidence.proposals", "prosecution.favorable", "prosecution.signatures"} <= set(warmed)
    for consumer in registry().page_text_consumers():
        if consumer.warm_up:
            resolve(consumer.warm_up)()
    rq_backend.warm_up()
