"""Clear days counted by hand: agenda publication and notice days of real meeting days.

Every expected day below was worked out by hand from the published bank holidays of
England and Wales (gov.uk), never by the code under test. Agenda: the 6th working
day back from the meeting (5 clear working days, then the day of publication).
Notice of 28 clear days: the meeting less 29 calendar days. In each comment,
(n) is a counted working day and BH a bank holiday skipped.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from integrate_cli.meetings import (
    REGIONS,
    Clearance,
    Publication,
    agenda_publication,
    counted_not_before,
    meeting_deadlines,
    notice_day,
    working_days_before,
)

D = date

# (meeting day, latest agenda publication, latest 28-clear-day notice)
TABLE = [
    # Easter 2014 (GF 18 Apr, EM 21 Apr). Thu 24 Apr: Wed 23 (1), Tue 22 (2), Mon 21 BH,
    # Fri 18 BH, Thu 17 (3), Wed 16 (4), Tue 15 (5), Mon 14 (6). Notice: 24 Apr - 24 = 31 Mar,
    # - 5 = 26 Mar.
    (D(2014, 4, 24), D(2014, 4, 14), D(2014, 3, 26)),
    # Easter 2015 (GF 3 Apr, EM 6 Apr). Tue 7 Apr: Mon 6 BH, Fri 3 BH, Thu 2 (1), Wed 1 (2),
    # Tue 31 Mar (3), Mon 30 (4), Fri 27 (5), Thu 26 (6). Notice: 7 Apr - 7 = 31 Mar, - 22 = 9 Mar.
    (D(2015, 4, 7), D(2015, 3, 26), D(2015, 3, 9)),
    # Easter 2019 (GF 19 Apr, EM 22 Apr). Tue 23 Apr: Mon 22 BH, Fri 19 BH, Thu 18 (1),
    # Wed 17 (2), Tue 16 (3), Mon 15 (4), Fri 12 (5), Thu 11 (6). Notice: 23 - 23 = 31 Mar, - 6.
    (D(2019, 4, 23), D(2019, 4, 11), D(2019, 3, 25)),
    # Easter 2024 (GF 29 Mar, EM 1 Apr). Thu 4 Apr: Wed 3 (1), Tue 2 (2), Mon 1 BH, Fri 29 BH,
    # Thu 28 (3), Wed 27 (4), Tue 26 (5), Mon 25 (6). Notice: 4 Apr - 4 = 31 Mar, - 25 = 6 Mar.
    (D(2024, 4, 4), D(2024, 3, 25), D(2024, 3, 6)),
    # Easter 2027 (GF 26 Mar, EM 29 Mar). Wed 31 Mar: Tue 30 (1), Mon 29 BH, Fri 26 BH,
    # Thu 25 (2), Wed 24 (3), Tue 23 (4), Mon 22 (5), Fri 19 (6). Notice: 31 Mar - 29 = 2 Mar.
    (D(2027, 3, 31), D(2027, 3, 19), D(2027, 3, 2)),
    # Early May 2016 (Mon 2 May). Wed 4 May: Tue 3 (1), Mon 2 BH, Fri 29 Apr (2), Thu 28 (3),
    # Wed 27 (4), Tue 26 (5), Mon 25 (6). Notice: 4 May - 4 = 30 Apr, - 25 = 5 Apr.
    (D(2016, 5, 4), D(2016, 4, 25), D(2016, 4, 5)),
    # Early May 2021 (Mon 3 May). Fri 7 May: Thu 6 (1), Wed 5 (2), Tue 4 (3), Mon 3 BH,
    # Fri 30 Apr (4), Thu 29 (5), Wed 28 (6). Notice: 7 May - 7 = 30 Apr, - 22 = 8 Apr.
    (D(2021, 5, 7), D(2021, 4, 28), D(2021, 4, 8)),
    # Spring 2017 (Mon 29 May). Thu 1 Jun: Wed 31 (1), Tue 30 (2), Mon 29 BH, Fri 26 (3),
    # Thu 25 (4), Wed 24 (5), Tue 23 (6). Notice: 1 Jun - 1 = 31 May, - 28 = 3 May.
    (D(2017, 6, 1), D(2017, 5, 23), D(2017, 5, 3)),
    # Spring 2025 (Mon 26 May). Tue 3 Jun: Mon 2 (1), Fri 30 May (2), Thu 29 (3), Wed 28 (4),
    # Tue 27 (5), Mon 26 BH, Fri 23 (6). Notice: 3 Jun - 3 = 31 May, - 26 = 5 May.
    (D(2025, 6, 3), D(2025, 5, 23), D(2025, 5, 5)),
    # August 2015 (Mon 31 Aug). Mon 7 Sep: Fri 4 (1), Thu 3 (2), Wed 2 (3), Tue 1 (4), Mon 31 BH,
    # Fri 28 (5), Thu 27 (6). Notice: 7 Sep - 7 = 31 Aug, - 22 = 9 Aug.
    (D(2015, 9, 7), D(2015, 8, 27), D(2015, 8, 9)),
    # August 2018 (Mon 27 Aug). Tue 4 Sep: Mon 3 (1), Fri 31 (2), Thu 30 (3), Wed 29 (4),
    # Tue 28 (5), Mon 27 BH, Fri 24 (6). Notice: 4 Sep - 4 = 31 Aug, - 25 = 6 Aug.
    (D(2018, 9, 4), D(2018, 8, 24), D(2018, 8, 6)),
    # August 2026 (Mon 31 Aug). Thu 3 Sep: Wed 2 (1), Tue 1 (2), Mon 31 BH, Fri 28 (3),
    # Thu 27 (4), Wed 26 (5), Tue 25 (6). Notice: 3 Sep - 3 = 31 Aug, - 26 = 5 Aug.
    (D(2026, 9, 3), D(2026, 8, 25), D(2026, 8, 5)),
    # Christmas on a Thursday (2014: 25, 26 Dec; New Year Thu 1 Jan 2015). Mon 5 Jan: Fri 2 (1),
    # Thu 1 BH, Wed 31 (2), Tue 30 (3), Mon 29 (4), Fri 26 BH, Thu 25 BH, Wed 24 (5), Tue 23 (6).
    # Notice: 5 Jan - 5 = 31 Dec, - 24 = 7 Dec.
    (D(2015, 1, 5), D(2014, 12, 23), D(2014, 12, 7)),
    # Christmas on a Friday, Boxing Day on a Saturday: Mon 28 Dec 2015 substitute; New Year
    # Fri 1 Jan 2016. Wed 6 Jan: Tue 5 (1), Mon 4 (2), Fri 1 BH, Thu 31 (3), Wed 30 (4),
    # Tue 29 (5), Mon 28 BH, Fri 25 BH, Thu 24 (6). Notice: 6 Jan - 6 = 31 Dec, - 23 = 8 Dec.
    (D(2016, 1, 6), D(2015, 12, 24), D(2015, 12, 8)),
    # Christmas on a Sunday (2016): Mon 26, Tue 27 substitute; New Year Sun 1 Jan 2017, Mon 2
    # substitute. Thu 5 Jan: Wed 4 (1), Tue 3 (2), Mon 2 BH, Fri 30 (3), Thu 29 (4), Wed 28 (5),
    # Tue 27 BH, Mon 26 BH, Fri 23 (6). Notice: 5 Jan - 29 = 7 Dec.
    (D(2017, 1, 5), D(2016, 12, 23), D(2016, 12, 7)),
    # Christmas on a Monday (2017: 25, 26); New Year Mon 1 Jan 2018. Tue 2 Jan: Mon 1 BH,
    # Fri 29 (1), Thu 28 (2), Wed 27 (3), Tue 26 BH, Mon 25 BH, Fri 22 (4), Thu 21 (5), Wed 20 (6).
    # Notice: 2 Jan - 2 = 31 Dec, - 27 = 4 Dec.
    (D(2018, 1, 2), D(2017, 12, 20), D(2017, 12, 4)),
    # Christmas on a Tuesday (2018: 25, 26); New Year Tue 1 Jan 2019. Thu 3 Jan: Wed 2 (1),
    # Tue 1 BH, Mon 31 (2), Fri 28 (3), Thu 27 (4), Wed 26 BH, Tue 25 BH, Mon 24 (5), Fri 21 (6).
    # Notice: 3 Jan - 3 = 31 Dec, - 26 = 5 Dec.
    (D(2019, 1, 3), D(2018, 12, 21), D(2018, 12, 5)),
    # Christmas on a Wednesday (2019: 25, 26); New Year Wed 1 Jan 2020. Mon 6 Jan: Fri 3 (1),
    # Thu 2 (2), Wed 1 BH, Tue 31 (3), Mon 30 (4), Fri 27 (5), Thu 26 BH, Wed 25 BH, Tue 24 (6).
    # Notice: 6 Jan - 29 = 8 Dec.
    (D(2020, 1, 6), D(2019, 12, 24), D(2019, 12, 8)),
    # Christmas on a Friday again (2020): Mon 28 substitute; New Year Fri 1 Jan 2021.
    # Tue 5 Jan: Mon 4 (1), Fri 1 BH, Thu 31 (2), Wed 30 (3), Tue 29 (4), Mon 28 BH, Fri 25 BH,
    # Thu 24 (5), Wed 23 (6). Notice: 5 Jan - 29 = 7 Dec.
    (D(2021, 1, 5), D(2020, 12, 23), D(2020, 12, 7)),
    # Christmas on a Saturday (2021): Mon 27 and Tue 28 substitutes; New Year Sat 1 Jan 2022,
    # Mon 3 substitute. Wed 5 Jan: Tue 4 (1), Mon 3 BH, Fri 31 (2), Thu 30 (3), Wed 29 (4),
    # Tue 28 BH, Mon 27 BH, Fri 24 (5), Thu 23 (6). Notice: 5 Jan - 29 = 7 Dec.
    (D(2022, 1, 5), D(2021, 12, 23), D(2021, 12, 7)),
    # Christmas on a Sunday (2022): Mon 26, Tue 27 substitute; New Year Sun 1 Jan 2023, Mon 2
    # substitute. Wed 4 Jan: Tue 3 (1), Mon 2 BH, Fri 30 (2), Thu 29 (3), Wed 28 (4), Tue 27 BH,
    # Mon 26 BH, Fri 23 (5), Thu 22 (6). Notice: 4 Jan - 4 = 31 Dec, - 25 = 6 Dec.
    (D(2023, 1, 4), D(2022, 12, 22), D(2022, 12, 6)),
    # The week after (2023): Tue 10 Jan: Mon 9 (1), Fri 6 (2), Thu 5 (3), Wed 4 (4), Tue 3 (5),
    # Mon 2 BH, Fri 30 Dec (6). Notice: 10 Jan - 10 = 31 Dec, - 19 = 12 Dec.
    (D(2023, 1, 10), D(2022, 12, 30), D(2022, 12, 12)),
    # Christmas on a Monday (2023); New Year Mon 1 Jan 2024. Fri 5 Jan: Thu 4 (1), Wed 3 (2),
    # Tue 2 (3), Mon 1 BH, Fri 29 (4), Thu 28 (5), Wed 27 (6). Notice: 5 Jan - 29 = 7 Dec.
    (D(2024, 1, 5), D(2023, 12, 27), D(2023, 12, 7)),
    # Christmas on a Wednesday (2024); New Year Wed 1 Jan 2025. Tue 7 Jan: Mon 6 (1), Fri 3 (2),
    # Thu 2 (3), Wed 1 BH, Tue 31 (4), Mon 30 (5), Fri 27 (6). Notice: 7 Jan - 7 = 31 Dec, - 22.
    (D(2025, 1, 7), D(2024, 12, 27), D(2024, 12, 9)),
    # Christmas on a Thursday (2025); New Year Thu 1 Jan 2026. Mon 5 Jan: Fri 2 (1), Thu 1 BH,
    # Wed 31 (2), Tue 30 (3), Mon 29 (4), Fri 26 BH, Thu 25 BH, Wed 24 (5), Tue 23 (6).
    # Notice: 5 Jan - 29 = 7 Dec.
    (D(2026, 1, 5), D(2025, 12, 23), D(2025, 12, 7)),
    # Christmas on a Friday (2026): Mon 28 substitute; New Year Fri 1 Jan 2027. Wed 6 Jan:
    # Tue 5 (1), Mon 4 (2), Fri 1 BH, Thu 31 (3), Wed 30 (4), Tue 29 (5), Mon 28 BH, Fri 25 BH,
    # Thu 24 (6). Notice: 6 Jan - 29 = 8 Dec.
    (D(2027, 1, 6), D(2026, 12, 24), D(2026, 12, 8)),
    # Christmas on a Saturday (2027): Mon 27, Tue 28 substitutes. Thu 30 Dec: Wed 29 (1),
    # Tue 28 BH, Mon 27 BH, Fri 24 (2), Thu 23 (3), Wed 22 (4), Tue 21 (5), Mon 20 (6).
    # Notice: 30 Dec - 29 = 1 Dec.
    (D(2027, 12, 30), D(2027, 12, 20), D(2027, 12, 1)),
    # VE Day 2020: the early May bank holiday moved to Fri 8 May (Mon 4 May a working day).
    # Tue 12 May: Mon 11 (1), Fri 8 BH, Thu 7 (2), Wed 6 (3), Tue 5 (4), Mon 4 (5), Fri 1 (6).
    # Notice: 12 May - 12 = 30 Apr, - 17 = 13 Apr.
    (D(2020, 5, 12), D(2020, 5, 1), D(2020, 4, 13)),
    # Platinum Jubilee 2022: spring bank holiday moved to Thu 2 Jun, Fri 3 Jun added (Mon 30 May
    # a working day). Tue 7 Jun: Mon 6 (1), Fri 3 BH, Thu 2 BH, Wed 1 (2), Tue 31 (3), Mon 30 (4),
    # Fri 27 (5), Thu 26 (6). Notice: 7 Jun - 7 = 31 May, - 22 = 9 May.
    (D(2022, 6, 7), D(2022, 5, 26), D(2022, 5, 9)),
    # The usual spring bank holiday day in 2022, Mon 30 May, is a working day: Mon 30 May:
    # Fri 27 (1), Thu 26 (2), Wed 25 (3), Tue 24 (4), Mon 23 (5), Fri 20 (6). Notice: 1 May.
    (D(2022, 5, 30), D(2022, 5, 20), D(2022, 5, 1)),
    # State funeral, Mon 19 Sep 2022. Wed 21 Sep: Tue 20 (1), Mon 19 BH, Fri 16 (2), Thu 15 (3),
    # Wed 14 (4), Tue 13 (5), Mon 12 (6). Notice: 21 Sep - 21 = 31 Aug, - 8 = 23 Aug.
    (D(2022, 9, 21), D(2022, 9, 12), D(2022, 8, 23)),
    # Coronation, Mon 8 May 2023, a week after the early May bank holiday (Mon 1 May).
    # Wed 10 May: Tue 9 (1), Mon 8 BH, Fri 5 (2), Thu 4 (3), Wed 3 (4), Tue 2 (5), Mon 1 BH,
    # Fri 28 Apr (6). Notice: 10 May - 10 = 30 Apr, - 19 = 11 Apr.
    (D(2023, 5, 10), D(2023, 4, 28), D(2023, 4, 11)),
    # No bank holiday near: Tue 17 Jun 2014: Mon 16 (1), Fri 13 (2), Thu 12 (3), Wed 11 (4),
    # Tue 10 (5), Mon 9 (6). Notice: 17 Jun - 17 = 31 May, - 12 = 19 May.
    (D(2014, 6, 17), D(2014, 6, 9), D(2014, 5, 19)),
    # Mon 13 Nov 2017: Fri 10 (1), Thu 9 (2), Wed 8 (3), Tue 7 (4), Mon 6 (5), Fri 3 (6).
    # Notice: 13 Nov - 13 = 31 Oct, - 16 = 15 Oct.
    (D(2017, 11, 13), D(2017, 11, 3), D(2017, 10, 15)),
]


@pytest.mark.parametrize(("meeting", "agenda", "notice"), TABLE, ids=[str(m) for m, _, _ in TABLE])
def test_agenda_and_notice_days_worked_by_hand(meeting: date, agenda: date, notice: date) -> None:
    assert agenda_publication(meeting) == agenda
    assert notice_day(meeting, 28) == notice
    deadlines = meeting_deadlines(meeting)
    assert deadlines.agenda_publication == agenda
    assert deadlines.key_decision_notice == notice
    assert deadlines.private_meeting_notice == notice


def test_the_table_spans_2014_to_2027_with_at_least_30_meetings() -> None:
    assert len(TABLE) >= 30
    assert {m.year for m, _, _ in TABLE} == set(range(2014, 2028))


def test_when_weekends_and_bank_holidays_count_every_day_is_a_clear_day() -> None:
    # Tue 17 Jun 2014, 5 clear calendar days: 16, 15, 14, 13, 12 clear; published Wed 11.
    assert agenda_publication(D(2014, 6, 17), working_days_only=False) == D(2014, 6, 11)
    # Mon 5 Jan 2015: 4, 3, 2, 1 Jan and 31 Dec clear (bank holidays and a weekend among
    # them); published Tue 30 Dec.
    assert agenda_publication(D(2015, 1, 5), working_days_only=False) == D(2014, 12, 30)


def test_closure_days_never_count() -> None:
    # A Christmas shutdown on 24, 29, 30 and 31 Dec 2014. Mon 5 Jan 2015: Fri 2 (1), Thu 1 BH,
    # Wed 31 closed, Tue 30 closed, Mon 29 closed, Fri 26 BH, Thu 25 BH, Wed 24 closed,
    # Tue 23 (2), Mon 22 (3), Fri 19 (4), Thu 18 (5), Wed 17 (6).
    shut = [D(2014, 12, 24), D(2014, 12, 29), D(2014, 12, 30), D(2014, 12, 31)]
    assert agenda_publication(D(2015, 1, 5), closures=shut) == D(2014, 12, 17)
    # with weekends counting, closures still do not: 4, 3, 2, 1 Jan, then 31-29 closed,
    # 28 Dec (5), published Sat 27 Dec.
    assert agenda_publication(D(2015, 1, 5), working_days_only=False, closures=shut) == D(
        2014, 12, 27
    )


def test_scotland_keeps_2_january() -> None:
    # Tue 6 Jan 2015. Scotland: Mon 5 (1), Fri 2 BH, Thu 1 BH, Wed 31 (2), Tue 30 (3), Mon 29 (4),
    # Fri 26 BH, Thu 25 BH, Wed 24 (5), Tue 23 (6). England: Fri 2 Jan is a working day, so
    # Mon 5 (1), Fri 2 (2), Wed 31 (3), Tue 30 (4), Mon 29 (5), Wed 24 (6).
    assert agenda_publication(D(2015, 1, 6), region="SCT") == D(2014, 12, 23)
    assert agenda_publication(D(2015, 1, 6), region="ENG") == D(2014, 12, 24)
    assert agenda_publication(D(2015, 1, 6), region="WLS") == D(2014, 12, 24)


def test_clearance_steps_count_working_days_back_from_the_meeting() -> None:
    # Tue 17 Jun 2014, 15 working days: 16, 13, 12, 11, 10, 9, 6, 5, 4, 3, 2 Jun (11),
    # Fri 30 May (12), Thu 29 (13), Wed 28 (14), Tue 27 (15); Mon 26 May BH not reached.
    assert working_days_before(D(2014, 6, 17), 15) == D(2014, 5, 27)
    # Thu 1 Jun 2017, 15 working days: 31, 30 May (2), Mon 29 BH, 26, 25, 24, 23, 22 (7),
    # 19, 18, 17, 16, 15 (12), Fri 12 (13), Thu 11 (14), Wed 10 May (15).
    rules = Publication(clearance=(Clearance("draft to legal and finance", 15),))
    (step, day), *_ = meeting_deadlines(D(2017, 6, 1), rules).clearance
    assert (step.name, day) == ("draft to legal and finance", D(2017, 5, 10))


def test_general_exception_needs_five_clear_days() -> None:
    # Tue 17 Jun 2014 less 6 days: Wed 11 Jun (12 to 16 clear).
    assert meeting_deadlines(D(2014, 6, 17)).general_exception_notice == D(2014, 6, 11)


def test_other_clear_day_counts() -> None:
    # 3 clear working days before Tue 17 Jun 2014: 16, 13, 12 clear; published Wed 11.
    assert agenda_publication(D(2014, 6, 17), clear_days=3) == D(2014, 6, 11)
    # 0 clear days: the working day before the meeting.
    assert agenda_publication(D(2014, 6, 17), clear_days=0) == D(2014, 6, 16)


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="region must be one of ENG, WLS, SCT, NIR"):
        agenda_publication(D(2014, 6, 17), region="XX")


def test_counting_off_the_calendar_stops_at_its_first_day() -> None:
    assert agenda_publication(D(1, 1, 3), working_days_only=False) == date.min
    assert notice_day(D(1, 1, 3), 28) == date.min


@pytest.mark.parametrize("region", REGIONS)
def test_a_count_made_without_bank_holidays_is_never_after_the_true_day(region: str) -> None:
    # status names the next deadline without loading the bank holidays when it can: the
    # bound must never be later than the day counted with them, for any lead time
    rules = Publication(region=region)
    for meeting in (D(2014, 1, 2) + timedelta(days=d) for d in range(0, 17 * 365, 5)):
        for n in (1, 6, 15, 16, 40, 61, 120, 250):
            true = working_days_before(meeting, n, region=region)
            bound = counted_not_before(meeting, n, rules)
            assert bound <= true, (meeting, n)
    # and close enough to help: for Thu 1 Jun 2017, 6 + 5 weekdays back is Wed 17 May
    assert counted_not_before(D(2017, 6, 1), 6, rules) == D(2017, 5, 17)
