"""Date forms as docs/playbook-format.md ("Date forms") lists them, each with its window.

Decisions pinned here:

* `D.M.YY` is day first; two-digit years 00-79 are 20xx and 80-99 are 19xx.
* `YYYY-MM` with MM 01-12 is a month, so `2011-12` is December 2011. Otherwise `YYYY-YY`
  is a financial year when YY is the next year's last two digits (`2017-18`, as paper 002
  writes it, and `2012-13`, since there is no month 13); any other `YYYY-YY` is an error.
* A financial year's first year is written in full: `18/19` is an error that suggests
  `2018/19`. `2018/2019` is accepted; `2018/2020` is not.
* `Q1 FY2018` (a quarter of a one-year FY) is an error: write `Q1 2018/19`.
* `on` is the only zero-offset relative form (`at go-live` is not a date).
* Relative anchors keep their case; everything else is case-insensitive.
"""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrate_cli.dates import (
    TBC,
    DateError,
    Fixed,
    Relative,
    Window,
    format_day,
    parse_date,
    parse_financial_year,
)

D = date

FIXED = [
    # day: ISO, D.M.YY(YY) with . or /, and written out
    ("2017-11-08", "day", D(2017, 11, 8), D(2017, 11, 8)),
    ("29.8.14", "day", D(2014, 8, 29), D(2014, 8, 29)),
    ("29.8.14.", "day", D(2014, 8, 29), D(2014, 8, 29)),
    ("26.12.14", "day", D(2014, 12, 26), D(2014, 12, 26)),
    ("31.3.15", "day", D(2015, 3, 31), D(2015, 3, 31)),
    ("30.9.16", "day", D(2016, 9, 30), D(2016, 9, 30)),
    ("24.11.2015", "day", D(2015, 11, 24), D(2015, 11, 24)),
    ("29/08/2014", "day", D(2014, 8, 29), D(2014, 8, 29)),
    ("1.1.00", "day", D(2000, 1, 1), D(2000, 1, 1)),
    ("31.12.79", "day", D(2079, 12, 31), D(2079, 12, 31)),
    ("1.1.80", "day", D(1980, 1, 1), D(1980, 1, 1)),
    ("31/12/99", "day", D(1999, 12, 31), D(1999, 12, 31)),
    ("8 March 2017", "day", D(2017, 3, 8), D(2017, 3, 8)),
    ("8th March 2017", "day", D(2017, 3, 8), D(2017, 3, 8)),
    ("8 th March 2017", "day", D(2017, 3, 8), D(2017, 3, 8)),
    ("8 Mar 2017", "day", D(2017, 3, 8), D(2017, 3, 8)),
    ("1st April 2017", "day", D(2017, 4, 1), D(2017, 4, 1)),
    ("2nd Sept 2016", "day", D(2016, 9, 2), D(2016, 9, 2)),
    ("26th January 2016", "day", D(2016, 1, 26), D(2016, 1, 26)),
    ("29 February 2016", "day", D(2016, 2, 29), D(2016, 2, 29)),
    # month
    ("2016-04", "month", D(2016, 4, 1), D(2016, 4, 30)),
    ("2011-12", "month", D(2011, 12, 1), D(2011, 12, 31)),
    ("April 2016", "month", D(2016, 4, 1), D(2016, 4, 30)),
    ("Apr 2016", "month", D(2016, 4, 1), D(2016, 4, 30)),
    ("Sept 2016", "month", D(2016, 9, 1), D(2016, 9, 30)),
    ("February 2016", "month", D(2016, 2, 1), D(2016, 2, 29)),
    ("February 2017", "month", D(2017, 2, 1), D(2017, 2, 28)),
    # UK financial year
    ("2018/19", "financial-year", D(2018, 4, 1), D(2019, 3, 31)),
    ("FY2018/19", "financial-year", D(2018, 4, 1), D(2019, 3, 31)),
    ("FY 2018/19", "financial-year", D(2018, 4, 1), D(2019, 3, 31)),
    ("2018/2019", "financial-year", D(2018, 4, 1), D(2019, 3, 31)),
    ("2017-18", "financial-year", D(2017, 4, 1), D(2018, 3, 31)),
    ("2012-13", "financial-year", D(2012, 4, 1), D(2013, 3, 31)),
    ("1999/00", "financial-year", D(1999, 4, 1), D(2000, 3, 31)),
    # quarter: calendar, then financial
    ("Q1 2017", "quarter", D(2017, 1, 1), D(2017, 3, 31)),
    ("Q3 2017", "quarter", D(2017, 7, 1), D(2017, 9, 30)),
    ("Q4 2017", "quarter", D(2017, 10, 1), D(2017, 12, 31)),
    ("Q1 2018/19", "quarter", D(2018, 4, 1), D(2018, 6, 30)),
    ("Q2 2018/19", "quarter", D(2018, 7, 1), D(2018, 9, 30)),
    ("Q3 2018/19", "quarter", D(2018, 10, 1), D(2018, 12, 31)),
    ("Q4 2018/19", "quarter", D(2019, 1, 1), D(2019, 3, 31)),
    ("q1 FY2018/19", "quarter", D(2018, 4, 1), D(2018, 6, 30)),
    # season (UK meteorological)
    ("spring 2016", "season", D(2016, 3, 1), D(2016, 5, 31)),
    ("summer 2016", "season", D(2016, 6, 1), D(2016, 8, 31)),
    ("autumn 2017", "season", D(2017, 9, 1), D(2017, 11, 30)),
    ("fall 2017", "season", D(2017, 9, 1), D(2017, 11, 30)),
    ("winter 2017", "season", D(2017, 12, 1), D(2018, 2, 28)),
    ("winter 2019", "season", D(2019, 12, 1), D(2020, 2, 29)),
    ("Winter 2099", "season", D(2099, 12, 1), D(2100, 2, 28)),
    # part of a year, and of a month
    ("early 2016", "part-of-year", D(2016, 1, 1), D(2016, 4, 30)),
    ("mid 2016", "part-of-year", D(2016, 5, 1), D(2016, 8, 31)),
    ("mid-2016", "part-of-year", D(2016, 5, 1), D(2016, 8, 31)),
    ("late 2016", "part-of-year", D(2016, 9, 1), D(2016, 12, 31)),
    ("early April 2016", "part-of-year", D(2016, 4, 1), D(2016, 4, 10)),
    ("mid April 2016", "part-of-year", D(2016, 4, 11), D(2016, 4, 20)),
    ("late April 2016", "part-of-year", D(2016, 4, 21), D(2016, 4, 30)),
    ("late February 2016", "part-of-year", D(2016, 2, 21), D(2016, 2, 29)),
    ("late February 2017", "part-of-year", D(2017, 2, 21), D(2017, 2, 28)),
    ("early March 2017", "part-of-year", D(2017, 3, 1), D(2017, 3, 10)),
    # year
    ("2018", "year", D(2018, 1, 1), D(2018, 12, 31)),
]


@pytest.mark.parametrize(("text", "form", "start", "end"), FIXED)
def test_fixed_forms(text: str, form: str, start: date, end: date) -> None:
    assert parse_date(text) == Fixed(text, Window(start, end), form)


@pytest.mark.parametrize(
    "text",
    [
        "TBC",
        "tbc",
        "TBA",
        "to be confirmed",
        "To be agreed",
        "dates to be added",
        "date to be added",
        "unknown",
        "  TBC.  ",
        "dates  to be  added",
    ],
)
def test_to_be_confirmed(text: str) -> None:
    assert parse_date(text) == Fixed(text, TBC, "tbc")
    assert Window(None, None) == TBC
    assert not TBC.known


@pytest.mark.parametrize(
    ("text", "amount", "unit", "anchor"),
    [
        ("6 months after mou-signed", 6, "months", "mou-signed"),
        ("6 months from mou-signed", 6, "months", "mou-signed"),
        ("1 month after go-live", 1, "months", "go-live"),
        ("six months after go-live", 6, "months", "go-live"),
        ("Twelve months after agree-in-principle", 12, "months", "agree-in-principle"),
        ("2 weeks before go-live", -2, "weeks", "go-live"),
        ("1 week before go-live", -1, "weeks", "go-live"),
        ("10 days after stage_1", 10, "days", "stage_1"),
        ("2 years after go-live", 2, "years", "go-live"),
        ("one year before go-live", -1, "years", "go-live"),
        ("0 days after go-live", 0, "days", "go-live"),
        ("on go-live", 0, "days", "go-live"),
        ("On mou-signed", 0, "days", "mou-signed"),
        ("on go-live.", 0, "days", "go-live"),
        ("on shadow.approve", 0, "days", "shadow.approve"),
        ("3 months after shadow.legal-advice", 3, "months", "shadow.legal-advice"),
        ("6 Months After MOU-Signed", 6, "months", "MOU-Signed"),
        ("  6   months   after  go-live  ", 6, "months", "go-live"),
        ("1 day after 2stage", 1, "days", "2stage"),
    ],
)
def test_relative_forms(text: str, amount: int, unit: str, anchor: str) -> None:
    assert parse_date(text) == Relative(text, amount, unit, anchor)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-02-30", "30 February 2017 does not exist"),
        ("2017-02-29", "29 February 2017 does not exist"),
        ("31.4.15", "31 April 2015 does not exist"),
        ("31 June 2017", "31 June 2017 does not exist"),
        ("0th March 2017", "0 March 2017 does not exist"),
        ("2017-13-01", "there is no month 13"),
        ("1.13.15", "there is no month 13"),
        ("0000-01-01", "the year 0000 is out of range"),
        ("winter 9999", "the year 9999 is out of range"),
    ],
)
def test_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert text in caught.value.message
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "suggestion"), [("8.29.14", "29.8.14"), ("8/29/2014", "29/8/2014")]
)
def test_month_first_day_gets_a_day_first_hint(text: str, suggestion: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert "there is no month 29" in caught.value.message
    assert f"did you mean {suggestion}?" in caught.value.hint


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "next year",
        "Febuary 2017",  # misspelt month
        "Q5 2017",
        "Q1 FY2018",  # quarter of what?
        "mid Smarch 2016",
        "6 months' notice",  # a period, not a date
        "6 months",
        "6 months after",
        "at go-live",
        "a month after go-live",
        "thirteen months after go-live",
        "few months after go-live",
        "6 months after go-live review",
        "on go..live",
        "on -go-live",
        "on a.b.c",
        "10000 days after go-live",
        "29.8",
        "29.08/2014",  # mixed separators
        "2017/11/08",  # year first with slashes is not a form
        "8 March",
        "March 8, 2017",
        "2017-1-8",
        "２０１７-１１-０８",  # full-width digits  # noqa: RUF001
    ],
)
def test_not_dates(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert repr(text) in caught.value.message
    assert caught.value.hint


def test_unreadable_date_hint_lists_the_forms() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("soon")
    assert caught.value.message == "'soon' is not a date this tool can read"
    for example in ("2017-11-08", "29.8.14", "April 2016", "2018/19", "Q3 2017", "autumn 2017"):
        assert example in caught.value.hint
    assert "TBC" in caught.value.hint
    assert "6 months after STAGE-ID" in caught.value.hint


def test_misspelt_month_is_named() -> None:
    with pytest.raises(DateError, match="'febuary' is not a month"):
        parse_date("Febuary 2017")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2018/19", D(2018, 4, 1)),
        ("FY2018/19", D(2018, 4, 1)),
        ("fy 2018/19", D(2018, 4, 1)),
        ("2018/2019", D(2018, 4, 1)),
        ("2017-18", D(2017, 4, 1)),
        ("2011-12", D(2011, 4, 1)),  # a month to parse_date, but here only a year makes sense
        (" 2020/21 ", D(2020, 4, 1)),
    ],
)
def test_parse_financial_year(text: str, start: date) -> None:
    assert parse_financial_year(text) == Window(start, D(start.year + 1, 3, 31))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018/20", "2018 is followed by 2019, so write 2018/19"),
        ("2018/2020", "2018 is followed by 2019, so write 2018/19"),
        ("2018-20", "2018 is followed by 2019, so write 2018/19"),
        ("18/19", "write the first year in full, as 2018/19"),
        ("FY18/19", "write the first year in full, as 2018/19"),
        ("2018", "is not a financial year"),
        ("April 2018", "is not a financial year"),
        ("9999/00", "out of range"),
    ],
)
def test_malformed_financial_years(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_financial_year(text)
    assert message in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018/20", "2018 is followed by 2019"),
        ("18/19", "2018/19"),
        ("2016-13", "2016 is followed by 2017"),  # no month 13, and not a financial year
        ("Q1 2018/20", "2018 is followed by 2019"),
    ],
)
def test_parse_date_rejects_malformed_financial_years(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert repr(text) in caught.value.message
    assert message in caught.value.message
    assert "2018/19" in caught.value.hint


def W(start: str | None, end: str | None = "") -> Window:
    """A window from ISO days; one argument for a single day, None for an unknown end."""
    first = date.fromisoformat(start) if start else None
    if end == "":
        return Window(first, first)
    return Window(first, date.fromisoformat(end) if end else None)


@pytest.mark.parametrize(
    ("window", "amount", "unit", "expected"),
    [
        # months and years clamp the day to the end of a shorter month
        (W("2017-01-31"), 1, "months", W("2017-02-28")),
        (W("2016-01-31", "2016-03-31"), 1, "months", W("2016-02-29", "2016-04-30")),
        (W("2017-03-31"), -1, "months", W("2017-02-28")),
        (W("2017-11-08", "2017-11-30"), 6, "months", W("2018-05-08", "2018-05-30")),
        (W("2017-11-08"), -13, "months", W("2016-10-08")),
        (W("2016-02-29"), 1, "years", W("2017-02-28")),
        (W("2016-02-29"), 4, "years", W("2020-02-29")),
        (W("2017-12-30"), 3, "days", W("2018-01-02")),
        (W("2017-11-08"), -2, "weeks", W("2017-10-25")),
        (W("2017-11-08"), 0, "days", W("2017-11-08")),
        # an unknown end stays unknown
        (W(None, "2017-01-31"), 1, "months", W(None, "2017-02-28")),
        (TBC, 6, "months", TBC),
        # beyond the calendar: unknown rather than an exception
        (W("9999-01-01", "9999-12-31"), 1, "years", TBC),
        (W("0001-01-01"), -1, "days", TBC),
        (W("2017-01-01"), 10**9, "weeks", TBC),
    ],
)
def test_shifted(window: Window, amount: int, unit: str, expected: Window) -> None:
    assert window.shifted(amount, unit) == expected


def test_shifted_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="unit must be one of"):
        Window(D(2017, 1, 1), D(2017, 1, 1)).shifted(1, "fortnights")


def test_known() -> None:
    assert Window(D(2017, 1, 1), D(2017, 1, 1)).known
    assert not Window(D(2017, 1, 1), None).known
    assert not Window(None, D(2017, 1, 1)).known


def test_relative_date_resolves_by_shifting_its_anchor() -> None:
    expr = parse_date("6 months from mou-signed")
    assert isinstance(expr, Relative)
    anchor = parse_date("31 August 2017")
    assert isinstance(anchor, Fixed)
    assert anchor.window.shifted(expr.amount, expr.unit) == Window(D(2018, 2, 28), D(2018, 2, 28))


def test_date_objects_are_days() -> None:
    assert parse_date(D(2017, 11, 8)) == Fixed(
        "2017-11-08", Window(D(2017, 11, 8), D(2017, 11, 8)), "day"
    )
    when = parse_date(datetime(2017, 11, 8, 10, 30))
    assert when == Fixed("2017-11-08", Window(D(2017, 11, 8), D(2017, 11, 8)), "day")
    assert isinstance(when, Fixed)
    assert type(when.window.start) is date


def test_case_whitespace_and_full_stops_do_not_matter() -> None:
    for text in ("APRIL 2016", "  april 2016  ", "April  2016", "April 2016."):
        assert parse_date(text) == Fixed(text, Window(D(2016, 4, 1), D(2016, 4, 30)), "month")


def test_repeated_text_is_parsed_once() -> None:
    assert parse_date("autumn 2017") is parse_date("autumn 2017")


def test_date_error() -> None:
    error = DateError("'x' is not a date", "write 2017-11-08")
    assert isinstance(error, ValueError)
    assert (error.message, error.hint, str(error)) == (
        "'x' is not a date",
        "write 2017-11-08",
        "'x' is not a date",
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.hint) == (error.message, error.hint)
    with pytest.raises(ValueError):
        parse_date("2017-02-30")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2017, 11, 8), "8 Nov 2017"),
        (D(2014, 8, 29), "29 Aug 2014"),
        (D(2016, 9, 1), "1 Sep 2016"),
        (D(2018, 3, 31), "31 Mar 2018"),
    ],
)
def test_format_day(day: date, text: str) -> None:
    assert format_day(day) == text
    assert parse_date(text) == Fixed(text, Window(day, day), "day")


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_date_error(text: str) -> None:
    try:
        expr = parse_date(text)
    except DateError as exc:
        assert exc.message and exc.hint
        return
    if isinstance(expr, Fixed) and expr.window.start and expr.window.end:
        assert expr.window.start <= expr.window.end


@given(st.dates(min_value=D(1980, 1, 1), max_value=D(2079, 12, 31)))
def test_every_day_reads_back_in_each_day_form(day: date) -> None:
    window = Window(day, day)
    for text in (
        day.isoformat(),
        f"{day.day}.{day.month}.{day.year % 100:02d}",
        f"{day:%d/%m/%Y}",
        format_day(day),
    ):
        assert parse_date(text) == Fixed(text, window, "day")


@given(st.dates(), st.integers(-5000, 5000), st.sampled_from(["days", "weeks", "months", "years"]))
def test_shifting_never_raises(day: date, amount: int, unit: str) -> None:
    shifted = Window(day, day).shifted(amount, unit)
    assert (shifted.start is None) == (shifted.end is None)
