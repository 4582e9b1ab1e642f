"""How far a target is completed, for every direction of indicator. Pure functions, no database.

Rules (the same everywhere in the app; the dashboard prints a short version of them):

- increase: progress from the baseline towards the target, (value − baseline) / (target − baseline).
  Without a baseline (or when the target is not above it) it is value / target.
- decrease: the target is met by going down, (baseline − value) / (baseline − target); e.g. poor
  households from 5 % (baseline) to 3 % (target): 4 % is 50 %, 3 % or less is 100 %. Without a
  baseline above the target: met (100 %) at or below the target, otherwise target / value.
- reach: an absolute level to reach, value / target, no baseline (coverage, a rate ≥ x %).
- yes/no: 1 (done) is 100 %, 0 is 0 %.

Over-achievement: the real percentage may exceed 100 % and is shown beside the bar; every
roll-up uses the completion capped at 100 %, so one unit's surplus on one target cannot hide
another target that is behind. Negative progress (moving away from the target) counts as 0 %.

Roll-up: the plain average of the capped completions of the targets taken together; every
target (one indicator, one unit, one year) weighs the same, across units and across years.
A target with no report yet counts as 0 %.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)

INCREASE = "increase"
DECREASE = "decrease"
REACH = "reach"
YES_NO = "yes_no"


@dataclass(frozen=True)
class Completion:
    real: Decimal  # may exceed 1 when over-achieved; never negative
    capped: Decimal  # min(real, 1): what roll-ups use
    met: bool

    @property
    def percent(self) -> int:
        return int((self.capped * 100).to_integral_value())

    @property
    def real_percent(self) -> int:
        return int((self.real * 100).to_integral_value())


NOT_REPORTED = Completion(ZERO, ZERO, False)


def _make(ratio: Decimal, met: bool | None = None) -> Completion:
    real = max(ratio, ZERO)
    return Completion(real=real, capped=min(real, ONE), met=real >= ONE if met is None else met)


def completion(
    direction: str, target: Decimal, value: Decimal | None, baseline: Decimal | None = None
) -> Completion:
    """Completion of one target given the latest reported value (None: nothing reported)."""
    if value is None:
        return NOT_REPORTED
    target, value = Decimal(target), Decimal(value)
    baseline = Decimal(baseline) if baseline is not None else None
    if direction == YES_NO:
        done = value >= ONE
        return Completion(ONE if done else ZERO, ONE if done else ZERO, done)
    if direction == INCREASE:
        if baseline is not None and target > baseline:
            return _make((value - baseline) / (target - baseline), met=value >= target)
        return _ratio(value, target)
    if direction == DECREASE:
        if baseline is not None and baseline > target:
            return _make((baseline - value) / (baseline - target), met=value <= target)
        if value <= target:
            return Completion(ONE, ONE, True)
        return _make(target / value, met=False)
    if direction == REACH:
        return _ratio(value, target)
    raise ValueError(f"unknown direction {direction!r}")


def _ratio(value: Decimal, target: Decimal) -> Completion:
    if target == ZERO:
        return Completion(ONE, ONE, True)  # a zero target is met by anything reported
    return _make(value / target, met=value >= target)


def rollup(completions: Iterable[Completion]) -> Decimal | None:
    """Average of capped completions, every target weighing the same; None when there are none."""
    total = ZERO
    count = 0
    for item in completions:
        total += item.capped
        count += 1
    if count == 0:
        return None
    return total / count


def as_percent(ratio: Decimal | None) -> int | None:
    return None if ratio is None else int((ratio * 100).to_integral_value())
