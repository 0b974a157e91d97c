"""One people resolution of a case at a time: a second run (another worker, another machine,
`innocence extract`) waits for the first instead of clustering the same new names beside it.
The lock is real: a file lock on SQLite, an advisory lock on PostgreSQL. Fictional names."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection

from innocence.core import locks
from innocence.people import resolution_runs
from innocence.people.extraction_service import _extract_pages, resolve_case_by_id
from innocence.people.models import Person

PAGE = "SUPPLEMENTAL REPORT (fictional)\nDet. Orla Quennby interviewed the clerk, Tamsin Varne.\n"


def _hold(name: str, seconds: float, entered: threading.Event, log: list[str]) -> threading.Thread:
    def body() -> None:
        try:
            with locks.held(name):
                log.append("holder in")
                entered.set()
                time.sleep(seconds)
                log.append("holder out")
        finally:
            connection.close()  # the thread's own connection (PostgreSQL)

    thread = threading.Thread(target=body)
    thread.start()
    assert entered.wait(10)
    return thread


@pytest.mark.django_db(transaction=True)
def test_the_lock_lets_one_holder_in_at_a_time_and_is_re_entrant() -> None:
    log: list[str] = []
    holder = _hold("fictional-work-1", 0.5, threading.Event(), log)
    with locks.held("fictional-work-2"):  # another name: not held up
        log.append("other name")
    # the same thread again inside: no self-deadlock
    with locks.held("fictional-work-1"), locks.held("fictional-work-1"):
        log.append("second in")
    holder.join()
    assert log == ["holder in", "other name", "holder out", "second in"]


@pytest.mark.django_db(transaction=True)
def test_a_resolution_waits_for_the_one_running_on_its_case(world: Any, make_document: Any) -> None:
    document = make_document(world.case, [PAGE])
    _extract_pages(list(document.pages.values_list("pk", flat=True)))
    log: list[str] = []
    holder = _hold(f"people-resolution-case-{world.case.pk}", 0.6, threading.Event(), log)
    resolve_case_by_id(world.case.pk)
    log.append("resolved")
    holder.join()
    assert log == ["holder in", "holder out", "resolved"]
    assert Person.objects.filter(mentions__case=world.case, full_name="Orla Quennby").exists()
    # ... and the incremental path too
    holder = _hold(f"people-resolution-case-{world.case.pk}", 0.3, threading.Event(), log)
    resolution_runs.resolve_new_mentions(world.case.pk, list(document.pages.values_list("pk", flat=True)))
    log.append("joined")
    holder.join()
    assert log[-3:] == ["holder in", "holder out", "joined"]
