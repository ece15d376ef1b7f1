"""Clear days, working days and notice periods: the deadlines of one meeting, counted.

Pure: no clock and no I/O. Bank holidays come from the `holidays` package, imported
only when a count first needs them (it is slow to import; `status` never does).
See docs/deadlines.md for each rule with a worked example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

REGIONS = ("ENG", "WLS", "SCT", "NIR")
REGION_NAMES = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}
AGENDA_CLEAR_DAYS = 5  # Local Government Act 1972 s100B(3)
NOTICE_CLEAR_DAYS = 28  # SI 2012/2089 reg 9 (key decisions) and reg 5 (private meetings)
GENERAL_EXCEPTION_CLEAR_DAYS = 5  # SI 2012/2089 reg 10
ONE_DAY = timedelta(days=1)


class Clearance(NamedTuple):
    """An internal step before a meeting: `name` is due `working_days` working days before."""

    name: str
    working_days: int


class Publication(NamedTuple):
    """A body's publication rules: clear days for the agenda and which days count.

    `working_days_only` False means weekends and bank holidays count as clear days;
    closure days never count, and nothing is due on one.
    """

    clear_days: int = AGENDA_CLEAR_DAYS
    working_days_only: bool = True
    region: str = "ENG"
    closures: frozenset[date] = frozenset()
    clearance: tuple[Clearance, ...] = ()


DEFAULT = Publication()


@lru_cache(maxsize=64)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """Return the bank holidays of one year in a region (ENG, WLS, SCT or NIR)."""
    if region not in REGIONS:
        raise ValueError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
    import holidays  # slow to import: only when a count needs it

    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def working_day_test(
    *, working_days_only: bool = True, region: str = "ENG", closures: Iterable[date] = ()
) -> Callable[[date], bool]:
    """Return a test of whether a day counts: not a closure day and, when only working
    days count, not a Saturday, Sunday or bank holiday of the region."""
    closed = frozenset(closures)
    if not working_days_only:
        return lambda day: day not in closed
    if region not in REGIONS:
        raise ValueError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")

    def counts(day: date) -> bool:
        return (
            day.weekday() < 5 and day not in closed and day not in bank_holidays(region, day.year)
        )

    return counts


def working_days_before(
    meeting: date,
    n: int,
    *,
    working_days_only: bool = True,
    region: str = "ENG",
    closures: Iterable[date] = (),
) -> date:
    """Return the day that is `n` working days before `meeting` (the meeting not counted).

    Counting back from the meeting, the n-th day that counts; date.min when the count
    runs off the calendar.
    """
    counts = working_day_test(working_days_only=working_days_only, region=region, closures=closures)
    day = meeting
    left = n
    while left > 0:
        if day <= date.min:
            return date.min
        day -= ONE_DAY
        if counts(day):
            left -= 1
    return day


def agenda_publication(
    meeting_day: date,
    clear_days: int = AGENDA_CLEAR_DAYS,
    working_days_only: bool = True,
    region: str = "ENG",
    closures: Iterable[date] = (),
) -> date:
    """Return the latest day the agenda can be published: the latest working day that
    leaves at least `clear_days` clear working days between it and the meeting (neither
    the day of publication nor the meeting day counted)."""
    return working_days_before(
        meeting_day,
        clear_days + 1,
        working_days_only=working_days_only,
        region=region,
        closures=closures,
    )


def bank_holiday_allowance(n: int) -> int:
    """Return more weekday bank holidays than any UK region has had in a span of n weekdays
    plus this allowance: a count back made without them and this many days to spare is
    never later than the true one. Measured over 1995-2060, one-off days included, the
    most in any span is 5 up to 40 weekdays, 6 up to 80, 8 in 100, 10 in 150, 14 in 262;
    tests/test_meetings.py checks the allowance against the holidays themselves."""
    return 5 + n // 18


def agenda_not_before(meeting: date, rules: Publication) -> date:
    """Return a day the agenda's latest publication day is never before, counted without
    loading the bank holidays (a cheap first test: when the as-of day is not after it,
    the agenda is not late)."""
    return counted_not_before(meeting, rules.clear_days + 1, rules)


def counted_not_before(meeting: date, n: int, rules: Publication) -> date:
    """Return a day that the day `n` working days before `meeting` is never before,
    counted without loading the bank holidays: weekends and closures are skipped, and
    more days are allowed than there can be bank holidays in the span."""
    extra = bank_holiday_allowance(n) if rules.working_days_only else 0
    closed = rules.closures
    day, left = meeting, n + extra
    while left > 0 and day > date.min:
        day -= ONE_DAY
        if (day.weekday() < 5 or not rules.working_days_only) and day not in closed:
            left -= 1
    return day


def notice_day(meeting: date, n: int) -> date:
    """Return the latest day for a notice of `n` clear days: the meeting less n + 1 days."""
    try:
        return meeting - timedelta(days=n + 1)
    except OverflowError:
        return date.min


class MeetingDeadlines(NamedTuple):
    """Every deadline of one meeting under a body's rules; `clearance` in rule order."""

    meeting: date
    agenda_publication: date
    key_decision_notice: date
    private_meeting_notice: date
    general_exception_notice: date
    clearance: tuple[tuple[Clearance, date], ...]


def meeting_deadlines(meeting: date, rules: Publication = DEFAULT) -> MeetingDeadlines:
    """Return the deadlines of a meeting on `meeting` under `rules`."""

    def before(n: int) -> date:
        return working_days_before(
            meeting,
            n,
            working_days_only=rules.working_days_only,
            region=rules.region,
            closures=rules.closures,
        )

    return MeetingDeadlines(
        meeting,
        before(rules.clear_days + 1),  # the agenda: see agenda_publication
        notice_day(meeting, NOTICE_CLEAR_DAYS),
        notice_day(meeting, NOTICE_CLEAR_DAYS),
        notice_day(meeting, GENERAL_EXCEPTION_CLEAR_DAYS),
        tuple((step, before(step.working_days)) for step in rules.clearance),
    )
