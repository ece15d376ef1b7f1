"""Date expressions as the papers write them, each resolved to a window [start, end].

Pure: no clock, no locale, no I/O. See docs/playbook-format.md ("Date forms").
"""

from __future__ import annotations

import calendar
import re
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

UNITS = ("days", "weeks", "months", "years")


class Window(NamedTuple):
    """The earliest and latest day a date can mean; None for an unknown end (TBC)."""

    start: date | None
    end: date | None

    @property
    def known(self) -> bool:
        """Return True when both ends are known."""
        return self.start is not None and self.end is not None

    def shifted(self, amount: int, unit: str) -> Window:
        """Return the window moved by `amount` days, weeks, months or years (negative: back).

        Months and years clamp the day to the end of the month (31 Jan + 1 month is the last
        day of February). An unknown end stays unknown, and so does an end pushed outside
        the years 1 to 9999.
        """
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
        return Window(_shift(self.start, amount, unit), _shift(self.end, amount, unit))


TBC = Window(None, None)


class Fixed(NamedTuple):
    """A date that stands alone: a day, month, financial year, season... or TBC."""

    text: str
    window: Window
    form: str  # day, month, financial-year, quarter, season, part-of-year, year, tbc


class Relative(NamedTuple):
    """A date counted from a stage, criterion or decision: `amount` (signed) `unit`s."""

    text: str
    amount: int
    unit: str
    anchor: str


DateExpr = Fixed | Relative


class When(NamedTuple):
    """A date of the playbook as resolved: the text as written, its form, its window and
    where it is written (line, column); a relative date also names its anchor.

    `form` is a Fixed form, `relative`, `invalid` (unreadable, or its anchor is unknown)
    or `absent` (no date written: the text is empty and the window TBC).
    """

    text: str
    form: str
    window: Window
    pos: tuple[int, int]
    anchor: str | None = None

    @property
    def single_day(self) -> bool:
        """Return True when the date was written as one day (a relative one never is)."""
        return self.form == "day"


ABSENT = When("", "absent", TBC, (0, 0))


class DateError(ValueError):
    """A date that cannot be read; carries a message and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[type[DateError], tuple[str, str]]:
        return (DateError, (self.message, self.hint))


HINT = (
    "write a day (2017-11-08 or 29.8.14), a month (April 2016), a financial year "
    "(2018/19), a quarter (Q3 2017), a season (autumn 2017), TBC, or a relative date "
    "(6 months after STAGE-ID)"
)
FY_HINT = "write a UK financial year as 2018/19 (1 April 2018 to 31 March 2019)"
MAX_AMOUNT = 9999

# English names, not calendar.month_name: those follow the process locale.
_MONTH_WORDS = (
    "January February March April May June July August September October November December"
)
MONTH_NAMES = tuple(_MONTH_WORDS.split())
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)})
MONTHS["sept"] = 9
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
NUMBERS = {word: i for i, word in enumerate(_NUMBER_WORDS.split())}
TBC_WORDS = frozenset(("tbc", "tba", "to be confirmed", "to be agreed", "unknown"))
TBC_WORDS |= {"dates to be added", "date to be added"}
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_A = re.ASCII
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", _A)
_DMY = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{2}|\d{4})", _A)
_WORDY_DAY = re.compile(r"(\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})", _A)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})", _A)
_MONTH = re.compile(r"([a-z]+)\.?\s+(\d{4})", _A)
_FY = re.compile(r"(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", _A)
_SHORT_FY = re.compile(r"(?:fy\s*)?(\d{2})\s*[/-]\s*(\d{2})", _A)
_QUARTER = re.compile(r"q([1-4])\s+(?:(\d{4})|(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4}))", _A)
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter)\s+(\d{4})", _A)
_PART = re.compile(r"(early|mid|late)[\s-]+(?:([a-z]+)\.?\s+)?(\d{4})", _A)
_YEAR = re.compile(r"\d{4}", _A)
_RELATIVE = re.compile(
    r"(?:(\d+|[a-z]+)\s+(day|week|month|year)s?\s+(after|from|before)|on)\s+"
    r"([a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)?)",
    re.ASCII | re.IGNORECASE,
)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(day: date | None, amount: int, unit: str) -> date | None:
    if day is None:
        return None
    try:
        if unit in ("days", "weeks"):
            return day + timedelta(**{unit: amount})
        index = day.year * 12 + day.month - 1 + amount * (12 if unit == "years" else 1)
        year, month = divmod(index, 12)
        if not MINYEAR <= year <= MAXYEAR:
            return None
        return date(year, month + 1, min(day.day, _last_day(year, month + 1)))
    except OverflowError:
        return None


def _year(digits: str, text: str) -> int:
    """Return a four-digit year that leaves room for a following year (1 to 9998)."""
    year = int(digits)
    if not MINYEAR <= year < MAXYEAR:
        raise DateError(f"{text!r}: the year {digits} is out of range", HINT)
    return year


def _day(year: int, month: int, day: int, text: str, hint: str = HINT) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"{text!r}: there is no month {month}", hint)
    if not 1 <= day <= _last_day(year, month):
        raise DateError(
            f"{text!r}: {day} {MONTH_NAMES[month - 1]} {year} does not exist",
            "check the day of the month",
        )
    return date(year, month, day)


def _day_window(day: date) -> Window:
    return Window(day, day)


def _span(year: int, first: int, last: int) -> Window:
    """Return first..last month of `year`; a `last` before `first` falls in the next year."""
    end_year = year + 1 if last < first else year
    return Window(date(year, first, 1), date(end_year, last, _last_day(end_year, last)))


def _month_number(word: str, text: str) -> int:
    month = MONTHS.get(word)
    if month is None:
        raise DateError(f"{text!r}: {word!r} is not a month", HINT)
    return month


def parse_financial_year(text: str) -> Window:
    """Return 1 April to 31 March of a UK financial year: 2018/19, FY2018/19 or 2018-19.

    The second year may be written in full (2018/2019) but must follow the first.
    """
    return _financial_year(text.strip().lower(), text)


def _financial_year(lower: str, text: str) -> Window:
    match = _FY.fullmatch(lower)
    if not match:
        short = _SHORT_FY.fullmatch(lower)
        if short:
            raise DateError(
                f"{text!r}: write the first year in full, as 20{short[1]}/{short[2]}", FY_HINT
            )
        raise DateError(f"{text!r} is not a financial year", FY_HINT)
    first, second = _year(match[1], text), match[2]
    expected = first + 1 if len(second) == 4 else (first + 1) % 100
    if int(second) != expected:
        raise DateError(
            f"{text!r} is not a financial year: {first} is followed by "
            f"{first + 1}, so write {first}/{(first + 1) % 100:02d}",
            FY_HINT,
        )
    return Window(date(first, 4, 1), date(first + 1, 3, 31))


def parse_date(text: str | date) -> DateExpr:
    """Return the Fixed or Relative date `text` means; raise DateError (with a hint) if none.

    A `datetime.date` (as YAML loads an unquoted 2017-11-08) is that day.
    """
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return Fixed(text.isoformat(), _day_window(text), "day")
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> DateExpr:
    clean = text.strip()
    match = _ISO.fullmatch(clean) if len(clean) == 10 else None
    if match:  # the commonest form: no further normalising
        day = _day(_year(match[1], text), int(match[2]), int(match[3]), text)
        return Fixed(text, _day_window(day), "day")
    clean = clean.rstrip(".").rstrip()
    lower = " ".join(clean.lower().split())
    if lower in TBC_WORDS:
        return Fixed(text, TBC, "tbc")
    fixed = _parse_fixed(lower, text)
    if fixed is not None:
        return fixed
    match = _RELATIVE.fullmatch(clean)
    if match:
        return _relative(match, text)
    match = _MONTH.fullmatch(lower)
    if match:
        raise DateError(f"{text!r}: {match[1]!r} is not a month, season or part of a year", HINT)
    raise DateError(f"{text!r} is not a date this tool can read", HINT)


def _parse_fixed(lower: str, text: str) -> Fixed | None:
    match = _ISO.fullmatch(lower)
    if match:
        day = _day(_year(match[1], text), int(match[2]), int(match[3]), text)
        return Fixed(text, _day_window(day), "day")
    match = _DMY.fullmatch(lower)
    if match:
        year = int(match[4]) if len(match[4]) == 4 else int(match[4]) + 2000
        if len(match[4]) == 2 and year >= 2080:
            year -= 100
        swapped = match[2].join((match[3], match[1], match[4]))
        day_first = f"the day comes first (D.M.YY): did you mean {swapped}?"
        hint = day_first if int(match[1]) <= 12 else HINT
        day = _day(_year(str(year), text), int(match[3]), int(match[1]), text, hint)
        return Fixed(text, _day_window(day), "day")
    match = _WORDY_DAY.fullmatch(lower)
    if match:
        year, month = _year(match[3], text), _month_number(match[2], text)
        return Fixed(text, _day_window(_day(year, month, int(match[1]), text)), "day")
    match = _ISO_MONTH.fullmatch(lower)
    if match and 1 <= int(match[2]) <= 12:  # 2011-12 is December 2011, not 2011/12
        return Fixed(text, _span(_year(match[1], text), int(match[2]), int(match[2])), "month")
    if _FY.fullmatch(lower) or _SHORT_FY.fullmatch(lower):
        return Fixed(text, _financial_year(lower, text), "financial-year")
    match = _MONTH.fullmatch(lower)
    if match and match[1] in MONTHS:
        month = MONTHS[match[1]]
        return Fixed(text, _span(_year(match[2], text), month, month), "month")
    match = _QUARTER.fullmatch(lower)
    if match:
        return Fixed(text, _quarter(match, text), "quarter")
    match = _SEASON.fullmatch(lower)
    if match:
        first, last = SEASONS[match[1]]
        return Fixed(text, _span(_year(match[2], text), first, last), "season")
    match = _PART.fullmatch(lower)
    if match:
        return Fixed(text, _part(match[1], match[2], _year(match[3], text), text), "part-of-year")
    if _YEAR.fullmatch(lower):
        return Fixed(text, _span(_year(lower, text), 1, 12), "year")
    return None


def _quarter(match: re.Match[str], text: str) -> Window:
    """Return a calendar quarter (Q3 2017) or a financial one (Q1 2018/19 is Apr-Jun 2018)."""
    quarter = int(match[1])
    if match[2] is not None:
        return _span(_year(match[2], text), 3 * quarter - 2, 3 * quarter)
    _financial_year(f"{match[3]}/{match[4]}", text)  # raises for 2018/20
    year = int(match[3])
    if quarter == 4:  # January to March of the second year
        return _span(year + 1, 1, 3)
    first = 3 * quarter + 1
    return _span(year, first, first + 2)


def _part(part: str, month_word: str | None, year: int, text: str) -> Window:
    """Return early/mid/late of a year (Jan-Apr, May-Aug, Sep-Dec) or of a month (1-10,
    11-20, 21-end)."""
    if month_word is None:
        first, last = PARTS[part]
        return _span(year, first, last)
    month = _month_number(month_word, text)
    days = {"early": (1, 10), "mid": (11, 20), "late": (21, _last_day(year, month))}[part]
    return Window(date(year, month, days[0]), date(year, month, days[1]))


def _relative(match: re.Match[str], text: str) -> Relative:
    anchor = match[4]
    if match[1] is None:  # on ANCHOR
        return Relative(text, 0, "days", anchor)
    count = match[1].lower()
    amount = int(count) if count.isdigit() else NUMBERS.get(count, -1)
    if amount < 0:
        raise DateError(f"{text!r}: {match[1]!r} is not a number (write 6 or six)", HINT)
    if amount > MAX_AMOUNT:
        raise DateError(f"{text!r}: {amount} is too many {match[2].lower()}s", HINT)
    unit = match[2].lower() + "s"
    return Relative(text, -amount if match[3].lower() == "before" else amount, unit, anchor)


def format_day(day: date) -> str:
    """Return a day as the papers print it, with no leading zero: 8 Nov 2017."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"
