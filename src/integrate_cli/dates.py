"""Date expressions as the papers write them, each resolved to a window [start, end].

Pure: no clock, no I/O. See docs/playbook-format.md for the forms.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

UNITS = ("days", "weeks", "months", "years")


@dataclass(frozen=True, slots=True)
class Window:
    """The earliest and latest day a date can mean; None for an unknown end (TBC)."""

    start: date | None
    end: date | None

    @property
    def known(self) -> bool:
        """True when both ends are known."""
        return self.start is not None and self.end is not None

    def shifted(self, amount: int, unit: str) -> Window:
        """Return the window moved by `amount` days, weeks, months or years."""
        return Window(_shift(self.start, amount, unit), _shift(self.end, amount, unit))


TBC = Window(None, None)


@dataclass(frozen=True, slots=True)
class Fixed:
    """A date that stands alone: a day, month, financial year, season... or TBC."""

    text: str
    window: Window
    form: str


@dataclass(frozen=True, slots=True)
class Relative:
    """A date counted from another stage, criterion or decision."""

    text: str
    amount: int
    unit: str
    anchor: str


DateExpr = Fixed | Relative


class DateError(ValueError):
    """A date that cannot be read; carries a message and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


HINT = (
    "write a day (2017-11-08 or 29.8.14), a month (April 2016), a financial year "
    "(2018/19), a quarter (Q3 2017), a season (autumn 2017), TBC, or a relative date "
    "(6 months after STAGE-ID)"
)
FY_HINT = "write a UK financial year as 2018/19 (1 April 2018 to 31 March 2019)"

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
NUMBERS = {word: i for i, word in enumerate(_NUMBER_WORDS.split(" "))}
TBC_WORDS = {
    "tbc",
    "tba",
    "to be confirmed",
    "to be agreed",
    "dates to be added",
    "date to be added",
    "unknown",
}
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})")
_WORDY_DAY = re.compile(r"(\d{1,2})\s*(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MONTH = re.compile(r"([a-z]+)\.?\s+(\d{4})")
_FY = re.compile(r"(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})")
_QUARTER = re.compile(r"q([1-4])\s+(?:fy\s*)?(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?")
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter)\s+(\d{4})")
_PART = re.compile(r"(early|mid|late)[\s-]+(?:([a-z]+)\s+)?(\d{4})")
_YEAR = re.compile(r"(\d{4})")
_RELATIVE = re.compile(
    r"(?:(\d+|[a-z]+)\s+(day|week|month|year)s?'?\s+(after|from|before)|(on|at))\s+"
    r"([A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)?)"
)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(day: date | None, amount: int, unit: str) -> date | None:
    if day is None:
        return None
    if unit == "days":
        return day + timedelta(days=amount)
    if unit == "weeks":
        return day + timedelta(weeks=amount)
    months = amount * (12 if unit == "years" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _last_day(year, month + 1)))


def _day(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"{text!r} has month {month}, which does not exist", HINT)
    if not 1 <= day <= _last_day(year, month):
        raise DateError(
            f"{text!r}: {day} {calendar.month_name[month]} {year} does not exist",
            "check the day of the month",
        )
    return date(year, month, day)


def _month_window(year: int, month: int) -> Window:
    return Window(date(year, month, 1), date(year, month, _last_day(year, month)))


def _span(year: int, first: int, last: int) -> Window:
    end_year = year + 1 if last < first else year
    return Window(date(year, first, 1), date(end_year, last, _last_day(end_year, last)))


def _month_number(word: str, text: str) -> int:
    month = MONTHS.get(word)
    if month is None:
        raise DateError(f"{text!r}: {word!r} is not a month", HINT)
    return month


def parse_financial_year(text: str) -> Window:
    """Return 1 April to 31 March of a UK financial year written 2018/19 (or FY2018/19)."""
    match = _FY.fullmatch(text.strip().lower())
    if not match:
        raise DateError(f"{text!r} is not a financial year", FY_HINT)
    first, second = int(match.group(1)), match.group(2)
    expected = first + 1 if len(second) == 4 else (first + 1) % 100
    if int(second) != expected:
        raise DateError(
            f"{text!r} is not a financial year: {first} is followed by "
            f"{first + 1}, so write {first}/{(first + 1) % 100:02d}",
            FY_HINT,
        )
    return Window(date(first, 4, 1), date(first + 1, 3, 31))


def parse_date(text: str | date) -> DateExpr:
    """Return the date expression `text` means; raises DateError with a hint."""
    if isinstance(text, date):
        return Fixed(text.isoformat(), Window(text, text), "day")
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> DateExpr:
    clean = text.strip().rstrip(".").strip()
    lower = " ".join(clean.lower().split())
    match = _ISO.fullmatch(lower)
    if match:
        day = _day(int(match[1]), int(match[2]), int(match[3]), text)
        return Fixed(text, Window(day, day), "day")
    if lower in TBC_WORDS:
        return Fixed(text, TBC, "tbc")
    match = _DMY.fullmatch(lower)
    if match:
        year = int(match[3])
        if len(match[3]) == 2:
            year += 2000 if year < 80 else 1900
        day = _day(year, int(match[2]), int(match[1]), text)
        return Fixed(text, Window(day, day), "day")
    match = _WORDY_DAY.fullmatch(lower)
    if match:
        day = _day(int(match[3]), _month_number(match[2], text), int(match[1]), text)
        return Fixed(text, Window(day, day), "day")
    match = _ISO_MONTH.fullmatch(lower)
    if match and 1 <= int(match[2]) <= 12:
        return Fixed(text, _month_window(int(match[1]), int(match[2])), "month")
    match = _FY.fullmatch(lower)
    if match:
        return Fixed(text, parse_financial_year(lower), "financial-year")
    match = _MONTH.fullmatch(lower)
    if match and match[1] in MONTHS:
        return Fixed(text, _month_window(int(match[2]), MONTHS[match[1]]), "month")
    match = _QUARTER.fullmatch(lower)
    if match:
        return Fixed(text, _quarter(int(match[1]), int(match[2]), match[3], text), "quarter")
    match = _SEASON.fullmatch(lower)
    if match:
        first, last = SEASONS[match[1]]
        return Fixed(text, _span(int(match[2]), first, last), "season")
    match = _PART.fullmatch(lower)
    if match:
        return Fixed(text, _part(match[1], match[2], int(match[3]), text), "part-of-year")
    match = _YEAR.fullmatch(lower)
    if match:
        return Fixed(text, _span(int(match[1]), 1, 12), "year")
    match = _RELATIVE.fullmatch(clean) or _RELATIVE.fullmatch(lower)
    if match:
        return _relative(match, text)
    raise DateError(f"{text!r} is not a date this tool can read", HINT)


def _quarter(quarter: int, year: int, second: str | None, text: str) -> Window:
    if second is None:
        return _span(year, 3 * quarter - 2, 3 * quarter)
    parse_financial_year(f"{year}/{second}")
    first = 3 * quarter + 1 if quarter < 4 else 1
    return _span(year if quarter < 4 else year + 1, first, first + 2)


def _part(part: str, month_word: str | None, year: int, text: str) -> Window:
    if month_word is None:
        first, last = PARTS[part]
        return _span(year, first, last)
    month = _month_number(month_word, text)
    days = {"early": (1, 10), "mid": (11, 20), "late": (21, _last_day(year, month))}[part]
    return Window(date(year, month, days[0]), date(year, month, days[1]))


def _relative(match: re.Match[str], text: str) -> Relative:
    anchor = match[5]
    if match[4]:
        return Relative(text, 0, "days", anchor)
    count = match[1].lower()
    amount = int(count) if count.isdigit() else NUMBERS.get(count, -1)
    if amount < 0:
        raise DateError(f"{text!r}: {match[1]!r} is not a number", HINT)
    unit = match[2].lower() + "s"
    return Relative(text, -amount if match[3].lower() == "before" else amount, unit, anchor)


def format_day(day: date) -> str:
    """Return a day as papers print it: 8 Nov 2017."""
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"
