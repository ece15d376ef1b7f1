"""Every finding's `where` is the data path, with ids for keyed lists (docs/validate.md)."""

from __future__ import annotations

from integrate_cli.check import check_loaded
from integrate_cli.loader import load_text
from tests.conftest import AS_OF, with_header


def wheres(body: str) -> list[tuple[str, str, str]]:
    """Return (code, where, message) for every finding of the playbook."""
    result = check_loaded(load_text(with_header(body), "t.yaml"), AS_OF)
    return [(f.code, f.where, f.message) for f in result.findings]


def recorded_on(stage: str, criterion: str, decision: str) -> str:
    """Return a done stage whose record, criterion record and decision are on these dates."""
    return f"""\
stages:
  - id: a
    title: A
    kind: decision
    due: 2017-01-01
    status: done
    record: {{on: {stage}}}
    criteria:
      - {{id: c, title: C, status: done, record: {{on: {criterion}}}}}
    decisions:
      - id: d
        title: D
        bodies: [cabinet]
        taken: {{cabinet: {{on: {decision}}}}}
"""


def test_a_criterion_s_and_a_decision_s_dates_are_under_their_section() -> None:
    found = wheres(
        """\
        stages:
          - id: a
            title: A
            kind: decision
            due: 2017-01-01
            criteria:
              - {id: c, title: C, due: 31.13.2017}
            decisions:
              - {id: d, title: D, bodies: [cabinet], due: someday}
        """
    )
    assert [(code, where) for code, where, _ in found] == [
        ("DATE-INVALID", "stages.a.criteria.c.due"),
        ("DATE-INVALID", "stages.a.decisions.d.due"),
    ]
    assert found[0][2].startswith("stages.a.criteria.c.due: ")
    assert found[1][2].startswith("stages.a.decisions.d.due: ")


def test_records_are_named_with_their_stage_and_item() -> None:
    found = wheres(recorded_on("never", "soon", "later"))
    assert [(code, where) for code, where, _ in found] == [
        ("DATE-INVALID", "stages.a.record.on"),
        ("DATE-INVALID", "stages.a.criteria.c.record.on"),
        ("DATE-INVALID", "stages.a.decisions.d.taken.cabinet.on"),
    ]
    assert [message.split(":")[0] for _, _, message in found] == [
        "stages.a.record.on",
        "stages.a.criteria.c.record.on",
        "stages.a.decisions.d.taken.cabinet.on",
    ]


def test_a_record_after_the_as_of_date_is_named_by_its_path() -> None:
    found = wheres(recorded_on("2030-01-01", "2030-01-02", "2030-01-03"))
    assert [(code, where) for code, where, _ in found] == [
        ("DONE-FUTURE", "stages.a.record.on"),
        ("DONE-FUTURE", "stages.a.criteria.c.record.on"),
        ("DONE-FUTURE", "stages.a.decisions.d.taken.cabinet.on"),
    ]
    assert found[1][2].startswith("criterion 'a.c' is recorded on 2 Jan 2030")


def test_a_done_criterion_without_a_record_points_at_where_the_record_goes() -> None:
    found = wheres(
        """\
        stages:
          - id: a
            title: A
            kind: decision
            due: 2017-01-01
            criteria:
              - {id: c, title: C, status: done}
        """
    )
    assert [(code, where) for code, where, _ in found] == [
        ("DONE-NO-DATE", "stages.a.criteria.c.record"),
    ]


def test_ids_and_references_of_items_are_under_their_section() -> None:
    found = wheres(
        """\
        stages:
          - id: a
            title: A
            kind: decision
            due: 2017-01-01
            criteria:
              - {id: c, title: C, owner: nobody}
            decisions:
              - {id: c, title: D, bodies: [cabinet, cabinnet]}
              - {id: d, title: D, bodies: [cabinet], taken: {gb: {on: 2016-01-01}}}
        """
    )
    assert [(code, where) for code, where, _ in found] == [
        ("REF-UNRESOLVED", "stages.a.criteria.c.owner"),
        ("ID-DUPLICATE", "stages.a.decisions.c"),
        ("REF-UNRESOLVED", "stages.a.decisions.c.bodies[1]"),
        ("REF-UNRESOLVED", "stages.a.decisions.d.taken.gb"),
    ]
    assert found[3][2].startswith("stages.a.decisions.d is recorded as taken by 'gb'")


def test_relative_dates_keep_their_anchor_as_written_and_name_paths() -> None:
    found = wheres(
        """\
        stages:
          - id: a
            title: A
            kind: decision
            criteria:
              - {id: c, title: C, due: 1 month after a.e}
              - {id: e, title: E, due: 1 month after a.c}
              - {id: f, title: F, due: 1 month after a.zz}
        """
    )
    assert [(code, where, message) for code, where, message in found] == [
        (
            "DATE-CYCLE",
            "stages.a.criteria.c.due",
            "relative dates form a cycle: stages.a.criteria.c.due -> "
            "stages.a.criteria.e.due -> stages.a.criteria.c.due",
        ),
        (
            "REF-UNRESOLVED",
            "stages.a.criteria.f.due",
            "stages.a.criteria.f.due is relative to 'a.zz', which is not a stage, criterion "
            "or decision in this playbook",
        ),
    ]
