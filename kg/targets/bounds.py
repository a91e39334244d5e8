"""A target's numeric bounds and its hardness, from its wording (docs/targets-ledger.md).

Bounds (`lower`, `upper`, in the target's unit; None where the wording sets none):

| modifier | wording | lower | upper |
|---|---|---|---|
| point | 增长7.5% | 7.5 | 7.5 |
| around | 7%左右, 上下 | 7 − w | 7 + w |
| at_least | 以上, 不低于, 不少于, 至少, 超过, 突破 | 900 | — |
| at_most | 以内, 以下, 控制在, 不超过, 低于 | — | 4.5 |
| range | 6.5%—7% | 6.5 | 7 |
| relative, absent | 与经济增长同步; 不设具体目标 | — | — |

`w`, the half-width of 左右: `AROUND_POINTS` (0.5) percentage points for a percentage or a
number of percentage points, `AROUND_SHARE` (5%) of the value for anything else (900万人左右:
855–945). The documents never say how wide 左右 is; half a point is how the State Council's own
reviews read a growth target (6.9% counts as meeting 7%左右), and the band is the same for every
government, so comparisons hold whatever its width.

Hardness, the first rule that applies:

1. `none`: an explicitly absent target;
2. `binding`: a hedge that obliges (确保, 必保, 力保, 保证);
3. `aspirational`: a hedge that strives (力争, 争取, 努力);
4. `binding`: a stated bound (at_least, at_most: 以上, 不低于, 以内, 控制在…);
5. `soft`: 左右, a bare number, a range, a relative target.
"""

from __future__ import annotations

AROUND_POINTS = 0.5
AROUND_SHARE = 0.05
PERCENT_UNITS = frozenset({"%", "‰", "个百分点", "百分点"})
HARDNESS = ("binding", "soft", "aspirational", "none")

_OBLIGING = ("确保", "必保", "力保", "保证")
_STRIVING = ("力争", "争取", "努力")


def around_width(value: float, unit: str | None) -> float:
    """The half-width of the band 左右 gives `value`."""
    if unit in PERCENT_UNITS:
        return AROUND_POINTS
    return round(abs(value) * AROUND_SHARE, 6)


def _number(x: float) -> float:
    return int(x) if float(x).is_integer() else round(x, 6)


def bounds(value: float | None, value_max: float | None, unit: str | None,
           modifier: str) -> tuple[float | None, float | None]:
    """(lower, upper) of a target (the table above)."""
    if value is None or modifier in ("relative", "absent"):
        return None, None
    if modifier == "range" and value_max is not None:
        return value, value_max
    if modifier == "around":
        w = around_width(value, unit)
        return _number(value - w), _number(value + w)
    if modifier == "at_least":
        return value, None
    if modifier == "at_most":
        return None, value
    return value, value


def hardness(modifier: str, hedge: str | None) -> str:
    """The hardness class of a target's wording (the rules above)."""
    if modifier == "absent":
        return "none"
    if hedge and hedge.startswith(_OBLIGING):
        return "binding"
    if hedge and any(word in hedge for word in _STRIVING) and not _trailing_hedge(hedge):
        return "aspirational"
    if modifier in ("at_least", "at_most"):
        return "binding"
    return "soft"


def _trailing_hedge(hedge: str) -> bool:
    """`在实际工作中争取更好结果` after a 左右 target: a push beyond it, not a softer target."""
    return "更好" in hedge or "更高" in hedge


def point_value(value: float | None, value_max: float | None, modifier: str) -> float | None:
    """The one number a target stands for: its value, a range's midpoint."""
    if value is None:
        return None
    if modifier == "range" and value_max is not None:
        return _number((value + value_max) / 2)
    return value
