"""A page-text consumer of the test lens. Tests set FAIL to see a failing consumer
recorded on the document without holding back the others."""

SEEN: list[list[int]] = []
FAIL = False


def count(page_ids: list[int]) -> None:
    if FAIL:
        raise RuntimeError("the sightings index is offline")
    if len(SEEN) < 1000:
        SEEN.append(list(page_ids))
