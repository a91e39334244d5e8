"""What a scanned page shows besides its letters: how far the sheet was turned on the glass, which
pixels are ink, and the ruling lines of its tables. numpy on the rendered page; no OCR here.

Ruling lines are runs of ink far longer than any stroke of a character: a horizontal rule is a
run of at least a third of an inch; a vertical rule, which in a one-line row is barely taller
than the characters beside it, is a shorter run that reaches a horizontal rule at both ends
(a character's stroke never touches the rules around its cell).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from PIL import Image

Mask = NDArray[np.bool_]

# a horizontal rule is at least this long (inches); a CJK character at 10.5 pt is 0.15 in wide
_RULE_H = 0.33
# a vertical rule is at least this long, and must end on horizontal rules
_RULE_V = 0.08
# rules are at most this thick (inches): thicker ink is a filled area, not a line
_THICK = 0.05
# a vertical rule ends this close (inches) to the horizontal rule it meets
_MEET = 0.012
# the turn of the sheet is looked for up to this many degrees either way
_MAX_TURN = 3.0
# at most this many dark pixels in the 9x9 square around a dark pixel (at 300 dpi): a speck of
# dust, not ink (a stroke of a character, even a full stop, has more)
_SPECK = 10
# rows of ink this close (inches) are one line of text; a low band this close joins its line
_LINE_GAP = 0.015
_NEAR_LINE = 0.05


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line as the box of its pixels (end exclusive)."""

    x0: int
    top: int
    x1: int
    bottom: int

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


def ink(grey: NDArray[np.uint8], dpi: float) -> Mask:
    """Dark pixels, by Otsu's threshold (the paper's and the toner's greys differ per scan); specks
    of dust (a few dark pixels alone) are painted white in `grey` and left out."""
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    p = hist / max(1.0, hist.sum())
    weight = np.cumsum(p)
    mean = np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean) ** 2 / (weight * (1.0 - weight))
    threshold = int(np.nanargmax(between)) if np.isfinite(between).any() else 128
    dark: Mask = grey <= threshold
    alone = dark & (_near(dark, 4) <= _SPECK * (dpi / 300) ** 2)
    grey[alone] = 255
    return dark & ~alone


def _near(dark: Mask, radius: int) -> NDArray[np.int32]:
    """For each pixel, the dark pixels in the square of `radius` around it (itself included)."""
    size = 2 * radius + 1
    padded = np.zeros((dark.shape[0] + size, dark.shape[1] + size), np.int32)
    padded[radius + 1: radius + 1 + dark.shape[0], radius + 1: radius + 1 + dark.shape[1]] = dark
    total = padded.cumsum(axis=0).cumsum(axis=1)
    h, w = dark.shape
    result: NDArray[np.int32] = (total[size:size + h, size:size + w] - total[:h, size:size + w]
                                 - total[size:size + h, :w] + total[:h, :w])
    return result


def text_lines(dark: Mask, dpi: float) -> list[tuple[int, int, int, int]]:
    """The lines of text in a region holding one column of text (a cell): (x0, top, x1, bottom)
    of each, top to bottom. A band of ink much lower than the others (a line of 一, a stray
    mark) goes with the line it touches, or stands alone if it is far from any."""
    bands = _spans(dark.any(axis=1), gap=max(1, round(_LINE_GAP * dpi)))
    if not bands:
        return []
    tallest = max(bottom - top for top, bottom in bands)
    near = _NEAR_LINE * dpi
    kept: list[list[int]] = []
    for top, bottom in bands:
        low = bottom - top < 0.4 * tallest
        if low and kept and top - kept[-1][1] <= near:
            kept[-1][1] = bottom
        elif kept and kept[-1][1] - kept[-1][0] < 0.4 * tallest and top - kept[-1][1] <= near:
            kept[-1][1] = bottom  # a low band before this one: part of this line
        else:
            kept.append([top, bottom])
    lines: list[tuple[int, int, int, int]] = []
    for top, bottom in kept:
        columns = np.flatnonzero(dark[top:bottom].any(axis=0))
        lines.append((int(columns[0]), top, int(columns[-1]) + 1, bottom))
    return lines


def straighten(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned back by the angle (degrees, counter-clockwise) that makes its lines of text
    and rules most horizontal: the one whose rows of pixels are most unequal in ink."""
    def score(small: Image.Image, angle: float) -> float:
        turned = np.asarray(small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0), np.float64)
        rows = turned.sum(axis=1)
        return float(np.square(rows).sum())

    inverted = Image.eval(image, lambda v: 255 - v)
    coarse = inverted.reduce(4)
    steps = np.arange(-_MAX_TURN, _MAX_TURN + 1e-9, 0.1)
    best = max(steps, key=lambda a: score(coarse, float(a)))
    fine = inverted.reduce(2)
    angle = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.025), key=lambda a: score(fine, float(a)))
    angle = round(float(angle), 3)
    if abs(angle) < 0.02:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), angle


def _long_runs(dark: Mask, length: int) -> Mask:
    """The pixels of the runs of ink along each row at least `length` long (gaps of one or two
    pixels, a scan's broken line, bridged)."""
    bridged = dark.copy()
    bridged[:, 1:-1] |= dark[:, :-2] & dark[:, 2:]
    bridged[:, 1:-2] |= dark[:, :-3] & dark[:, 3:]
    bridged[:, 2:-1] |= dark[:, :-3] & dark[:, 3:]
    h, w = bridged.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = bridged
    ys, xs = np.nonzero(np.diff(padded, axis=1))  # per row: start, end, start, end…
    starts, ends, rows = xs[0::2], xs[1::2], ys[0::2]
    keep = ends - starts >= length
    out = np.zeros_like(dark)
    for y, x0, x1 in zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True):
        out[y, x0:x1] = True
    return out


def _spans(flags: ArrayLike, gap: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True, runs at most `gap` apart joined."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], np.asarray(flags, dtype=np.int8), [0]))))
    spans: list[tuple[int, int]] = []
    for start, end in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
        if spans and start - spans[-1][1] <= gap:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _horizontal_rules(runs: Mask, thick: int) -> list[Rule]:
    rules: list[Rule] = []
    for top, bottom in _spans(runs.any(axis=1), gap=1):
        if bottom - top > thick:
            continue
        for x0, x1 in _spans(runs[top:bottom].any(axis=0), gap=3):
            rules.append(Rule(x0, top, x1, bottom))
    return rules


def ruling_lines(dark: Mask, dpi: float) -> list[Rule]:
    """The ruling lines of the page: horizontal ones, then the vertical ones that meet them."""
    thick = max(2, round(_THICK * dpi))
    horizontal = _horizontal_rules(_long_runs(dark, round(_RULE_H * dpi)), thick)
    meet = _MEET * dpi

    def on_rule(x: float, y: float) -> bool:
        return any(r.x0 - meet <= x <= r.x1 + meet and r.top - meet <= y <= r.bottom + meet for r in horizontal)

    vertical: list[Rule] = []
    for flipped in _horizontal_rules(_long_runs(np.ascontiguousarray(dark.T), round(_RULE_V * dpi)), thick):
        rule = Rule(flipped.top, flipped.x0, flipped.bottom, flipped.x1)
        x = (rule.x0 + rule.x1) / 2
        if on_rule(x, rule.top) and on_rule(x, rule.bottom - 1):
            vertical.append(rule)
    return horizontal + vertical


def erase(grey: NDArray[np.uint8], dark: Mask, rules: list[Rule], margin: int) -> None:
    """Paint the rules white (in place, in the image and its ink), so that OCR does not read
    them as strokes."""
    for r in rules:
        box = slice(max(0, r.top - margin), r.bottom + margin), slice(max(0, r.x0 - margin), r.x1 + margin)
        grey[box] = 255
        dark[box] = False
