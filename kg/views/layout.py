"""Node positions computed when the pages are written, so a page opens drawn, at once, and the
same every time (no physics running in the browser; a page can still turn it on).

- `spread`: a network laid out by networkx's spring layout (seeded), each connected component
  on its own, scaled so that linked nodes sit about as far apart as their labels need,
  overlaps pushed apart, the components packed in rows, largest first.
- `around`: members placed in a disc around their centre (a sunflower: evenly filled, compact),
  which is how a county page keeps each unit's tasks together instead of a hairball.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence

import networkx as nx
import numpy as np

__all__ = ["SEED", "Pos", "spread", "around", "disc_radius", "label_radius"]

SEED = 7  # one seed: the same page is laid out the same way every time
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
Pos = dict[str, tuple[float, float]]


def label_radius(label: str, font: float, size: float = 10, *, boxed: bool = False) -> float:
    """Room a node needs around its centre: its dot, and a third of its label's width (CJK: about an
    em a character; labels sit under their dot, so neighbours above and below need less). A box
    holds its label: half the label's width and a margin."""
    widest = max((len(line) for line in str(label).split("\n")), default=0)
    if boxed:
        return 0.55 * font * widest + 12
    return max(size + 6, 0.3 * font * widest)


def disc_radius(n: int, spacing: float, inner: float = 0.0) -> float:
    """Radius of the disc `around` fills with `n` members `spacing` apart, outside `inner`."""
    return math.sqrt(inner * inner + spacing * spacing * n) if n else inner


def around(centre: tuple[float, float], members: Sequence[str], spacing: float, inner: float = 0.0) -> Pos:
    """Members in a filled disc around `centre`, outside radius `inner`, in the order given
    (the first closest): member i at the radius that gives each the same area."""
    cx, cy = centre
    out: Pos = {}
    for i, member in enumerate(members):
        r = math.sqrt(inner * inner + spacing * spacing * (i + 0.5))
        angle = i * GOLDEN_ANGLE
        out[member] = (round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1))
    return out


def _separate(xy: np.ndarray, radius: np.ndarray, gap: float, rounds: int = 80) -> np.ndarray:
    """Push apart nodes whose discs (radius + gap) overlap: every round each node moves by 0.9 of
    its overlaps (summed over the pairs), until none is over 2 pixels (about 12 rounds on a county)."""
    n = len(xy)
    if n < 2:
        return xy
    # coincident nodes part in a fixed direction, so the result never depends on chance
    jitter = np.stack([np.cos(np.arange(n) * GOLDEN_ANGLE), np.sin(np.arange(n) * GOLDEN_ANGLE)], axis=1)
    need = radius[:, None] + radius[None, :] + gap
    np.fill_diagonal(need, 0)
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        overlap = need - dist
        np.fill_diagonal(overlap, 0)
        if overlap.max(initial=0) <= 2:
            break
        overlap = np.clip(overlap, 0, None)
        safe = np.where(dist > 1e-6, dist, 1.0)
        direction = np.where((dist > 1e-6)[..., None], delta / safe[..., None], jitter[:, None, :])
        xy = xy + 0.9 * (direction * overlap[..., None]).sum(axis=1)
    return xy


def _component(g: nx.Graph, nodes: list[Hashable], radius: dict[Hashable, float], gap: float) -> np.ndarray:
    if len(nodes) == 1:
        return np.zeros((1, 2))
    sub = g.subgraph(nodes)
    # unweighted, and twice the default optimal distance: heavy ties would pull hubs into a knot
    pos = nx.spring_layout(sub, seed=SEED, weight=None, k=2 / math.sqrt(len(nodes)), iterations=50)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    # scale: linked nodes about as far apart as their discs need
    index = {n: i for i, n in enumerate(nodes)}
    ratios = [(radius[u] + radius[v] + gap) / max(1e-6, float(np.hypot(*(xy[index[u]] - xy[index[v]]))))
              for u, v in sub.edges()]
    xy *= float(np.median(ratios)) if ratios else 1.0
    return _separate(xy, np.array([radius[n] for n in nodes]), gap)


def spread(g: nx.Graph, radius: dict[Hashable, float], *, gap: float = 12.0,
           order: Callable[[list[Hashable]], tuple[object, ...]] | None = None) -> Pos:
    """Positions for every node of `g` (ids as str), components packed in rows."""
    first = {n: i for i, n in enumerate(g.nodes)}  # graph order: the same input, the same layout
    components = [sorted(c, key=first.__getitem__) for c in nx.connected_components(g)]
    components.sort(key=order or (lambda c: (-len(c), first[c[0]])))
    boxes = []
    for nodes in components:
        xy = _component(g, nodes, radius, gap)
        r = np.array([radius[n] for n in nodes])
        lo = (xy - r[:, None]).min(axis=0)
        hi = (xy + r[:, None]).max(axis=0)
        boxes.append((nodes, xy - lo, hi - lo))
    return _pack(boxes, gap)


def _pack(boxes: list[tuple[list[Hashable], np.ndarray, np.ndarray]], gap: float) -> Pos:
    """Shelves of boxes, largest first, left to right; a new row when the row is full."""
    area = sum(float((size[0] + gap) * (size[1] + gap)) for _, _, size in boxes)
    # rows about half again as wide as the whole is tall: the shape of a browser window
    width = max(math.sqrt(area * 1.6), max((float(size[0]) for _, _, size in boxes), default=0.0))
    out: Pos = {}
    x = y = row_height = 0.0
    for nodes, xy, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for n, (px, py) in zip(nodes, xy, strict=True):
            out[str(n)] = (round(float(px + x), 1), round(float(py + y), 1))
        x += float(size[0]) + gap
        row_height = max(row_height, float(size[1]))
    return out
