"""Where each node sits: a force-directed layout (Fruchterman–Reingold) computed on the
server with numpy, so the browser only draws an SVG — no script, no CDN, nothing the CSP
has to allow — and a 2,000-node neighbourhood arrives laid out. Deterministic (the same
graph gives the same picture) and cached by the graph's shape."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import numpy as np
from django.core.cache import cache

SIZE = 1000.0


def _seed_positions(keys: Sequence[str]) -> np.ndarray:
    """A stable start: each node on a golden-angle spiral in the order of its key's hash."""
    order = sorted(range(len(keys)), key=lambda i: hashlib.sha256(keys[i].encode()).hexdigest())
    pos = np.zeros((len(keys), 2), dtype=np.float64)
    golden = math.pi * (3 - math.sqrt(5))
    for rank, i in enumerate(order):
        r = math.sqrt((rank + 0.5) / max(len(keys), 1))
        pos[i] = (r * math.cos(rank * golden), r * math.sin(rank * golden))
    return pos


def force_layout(keys: Sequence[str], edges: Sequence[tuple[int, int, float]], *, iterations: int = 0) -> np.ndarray:
    """Positions (n × 2, in 0..SIZE) for nodes ``keys`` and weighted edges (i, j, w)."""
    n = len(keys)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.array([[SIZE / 2, SIZE / 2]])
    pos = _seed_positions(keys)
    k = math.sqrt(1.0 / n)
    if not iterations:
        iterations = 150 if n <= 300 else 80 if n <= 1500 else 50
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    weight = np.array([min(e[2], 5.0) for e in edges], dtype=np.float64)
    temperature = 0.1
    chunk = max(1, 2_000_000 // n)
    for step in range(iterations):
        disp = np.zeros_like(pos)
        for start in range(0, n, chunk):  # repulsion, in row blocks to bound memory
            block = pos[start : start + chunk]
            delta = block[:, None, :] - pos[None, :, :]
            dist2 = np.einsum("ijk,ijk->ij", delta, delta) + 1e-9
            disp[start : start + chunk] += np.einsum("ijk,ij->ik", delta, (k * k) / dist2)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
            force = (dist * dist / k * weight / dist)[:, None] * delta
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        disp -= pos * 0.05 * k  # a little gravity keeps components together
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 1 - (step + 1) / (iterations + 1) * 0.1
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    return 40 + (pos - low) / span * (SIZE - 80)


#: above this many nodes the layout is anchored: cases are laid out by force among
#: themselves, persons sit around the cases they appear in (linear, and stays readable)
ANCHORED_FROM = 400


def anchored_layout(keys: Sequence[str], edges: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """Cases (keys "c…") by force among themselves (two cases attract by the persons they
    share); each person on a ring around their one case, or between their cases."""
    anchors = [i for i, k in enumerate(keys) if k.startswith("c")]
    if not anchors or len(anchors) == len(keys):
        return force_layout(keys, edges, iterations=40)
    slot = {i: n for n, i in enumerate(anchors)}
    neighbours: dict[int, list[int]] = {}
    for i, j, _w in edges:
        if i in slot and j not in slot:
            neighbours.setdefault(j, []).append(slot[i])
        elif j in slot and i not in slot:
            neighbours.setdefault(i, []).append(slot[j])
    shared: dict[tuple[int, int], float] = {}
    for cases in neighbours.values():
        for a in cases:
            for b in cases:
                if a < b:
                    shared[(a, b)] = shared.get((a, b), 0.0) + 1.0
    anchor_pos = force_layout([keys[i] for i in anchors], [(a, b, w) for (a, b), w in shared.items()],
                              iterations=60 if len(anchors) <= 500 else 30)
    pos = np.zeros((len(keys), 2))
    for n, i in enumerate(anchors):
        pos[i] = anchor_pos[n]
    spacing = SIZE / (2.5 * math.sqrt(len(anchors)) + 1)
    ring: dict[int, int] = {}
    loose = 0
    for i in range(len(keys)):
        if i in slot:
            continue
        cases = neighbours.get(i, [])
        if len(cases) == 1:
            count = ring.get(cases[0], 0)
            ring[cases[0]] = count + 1
            angle = count * math.pi * (3 - math.sqrt(5))
            radius = spacing * 0.25 * math.sqrt(count + 1)
            pos[i] = anchor_pos[cases[0]] + (radius * math.cos(angle), radius * math.sin(angle))
        elif cases:
            centre = anchor_pos[cases].mean(axis=0)
            digest = int(hashlib.sha256(keys[i].encode()).hexdigest()[:8], 16)
            jitter = np.array([digest % 200 - 100, digest // 200 % 200 - 100]) / 100 * spacing * 0.2
            pos[i] = centre + jitter
        else:
            loose += 1
            pos[i] = (SIZE * 0.02 * (loose % 40), SIZE * 0.98)
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    return 40 + (pos - low) / span * (SIZE - 80)


def cached_layout(keys: Sequence[str], edges: Sequence[tuple[int, int, float]]) -> dict[str, tuple[float, float]]:
    shape = hashlib.sha256(repr((list(keys), list(edges))).encode()).hexdigest()
    name = f"network-layout:{shape}"
    found = cache.get(name)
    if found is None:
        pos = force_layout(keys, edges) if len(keys) <= ANCHORED_FROM else anchored_layout(keys, edges)
        found = {key: (round(float(x), 1), round(float(y), 1)) for key, (x, y) in zip(keys, pos, strict=True)}
        cache.set(name, found, 3600)
    return dict(found)
