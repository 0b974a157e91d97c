"""The "people of a case changed" event: after a resolution run writes who is who, or a
case role is added or removed, the apps that keep something derived from a case's people
(the actor network) are told through their ``case_people_changed`` hook in the extension
registry — the people app never imports them."""

from __future__ import annotations

from collections.abc import Iterable


def case_people_changed(case_ids: Iterable[int]) -> None:
    from innocence.core.extensions import registry

    ids = sorted({int(i) for i in case_ids if i})
    if not ids:
        return
    for hook in registry().case_people_changed_hooks():
        hook(ids)
