"""Reading order of text lines found anywhere on a page (column-aware).

RapidOCR returns the text lines it detected as boxes, in no useful order for a page of two
or three columns. :func:`reading_order` puts them in the order a person reads them by
recursive XY-cut (Nagy & Seth 1984; Ha, Haralick & Phillips 1995): a region is split at its
widest empty gap, horizontal or vertical, and each part is read in turn, top before bottom,
left before right. A column gutter is wider than the space between two lines of text, so a
two-column page is cut into its columns first and then each column into its lines, while a
full-width heading above the columns is cut off first because no column's line crosses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Empty intervals between the merged spans, widest first: (width, position)."""
    spans = sorted(spans)
    gaps: list[tuple[float, float]] = []
    end = spans[0][1]
    for start, stop in spans[1:]:
        if start > end:
            gaps.append((start - end, (start + end) / 2))
        end = max(end, stop)
    return sorted(gaps, reverse=True)


def _order(items: list[tuple[Box, int]], min_vertical_gap: float) -> list[int]:
    if len(items) <= 1:
        return [index for _, index in items]
    boxes = [box for box, _ in items]
    heights = sorted(b[3] - b[1] for b in boxes)
    line_height = max(heights[len(heights) // 2], 1.0)
    horizontal = _gaps([(b[1], b[3]) for b in boxes])  # gaps in y: cut between rows
    vertical = _gaps([(b[0], b[2]) for b in boxes])  # gaps in x: cut between columns
    # A gutter must be wider than a word space (about half a line's height) to be a column.
    vertical = [g for g in vertical if g[0] >= max(min_vertical_gap, 1.2 * line_height)]
    if vertical and (not horizontal or vertical[0][0] >= horizontal[0][0]):
        cut = vertical[0][1]
        first = [item for item in items if (item[0][0] + item[0][2]) / 2 < cut]
        second = [item for item in items if (item[0][0] + item[0][2]) / 2 >= cut]
    elif horizontal:
        cut = horizontal[0][1]
        first = [item for item in items if (item[0][1] + item[0][3]) / 2 < cut]
        second = [item for item in items if (item[0][1] + item[0][3]) / 2 >= cut]
    else:
        first, second = [], []
    if not first or not second:
        # Overlapping boxes everywhere: read them as rows, top to bottom, left to right.
        rows = sorted(
            items, key=lambda item: (round((item[0][1] + item[0][3]) / 2 / line_height), item[0][0])
        )
        return [index for _, index in rows]
    return _order(first, min_vertical_gap) + _order(second, min_vertical_gap)


def reading_order(boxes: Sequence[Box], *, page_width: float) -> list[int]:
    """Indexes of ``boxes`` in reading order."""
    items = [(tuple(map(float, box)), index) for index, box in enumerate(boxes)]
    return _order(items, min_vertical_gap=0.01 * page_width)  # type: ignore[arg-type]


def group_rows(boxes: Sequence[Box], order: Sequence[int]) -> list[list[int]]:
    """Consecutive boxes (in reading order) that sit on one row of text, so that a row
    split into pieces by the detector reads as one line."""
    rows: list[list[int]] = []
    for index in order:
        box = boxes[index]
        if rows:
            last = boxes[rows[-1][-1]]
            overlap = min(box[3], last[3]) - max(box[1], last[1])
            height = min(box[3] - box[1], last[3] - last[1])
            if height > 0 and overlap > 0.5 * height and box[0] >= last[2] - 0.5 * height:
                rows[-1].append(index)
                continue
        rows.append([index])
    return rows
