"""The schema vocabulary: data paths built only on a finding, and the valid fast paths."""

from __future__ import annotations

from integrate_cli.findings import Sink
from integrate_cli.loader import LocDict, load_text
from integrate_cli.schema_types import BAD, Enum, F, List, Map, Num, Obj, Str, where_text
from integrate_cli.spec import ID_PATTERN, check_playbook

ID = Str(pattern=ID_PATTERN, noun="stage id")
REF = Str(pattern=ID_PATTERN + r"(?:\.[A-Za-z0-9_-]+)?", noun="reference")
THING = Obj(
    "thing",
    {
        "id": F(ID, "Its id.", required=True),
        "owner": F(REF, "Who."),
        "status": F(Enum(values=("open", "done")), "Where it stands."),
        "tags": F(List(item=REF), "Tags."),
        "amounts": F(Map(key=Str(pattern=r"\d{4}"), value=Num()), "By year."),
    },
)
THINGS = Obj("file", {"things": F(List(item=THING), "Things.")})


def check(text: str) -> tuple[LocDict, list[tuple[str, int, int, str, str]]]:
    loaded = load_text(text, "f.yaml")
    assert loaded.data is not None and loaded.findings == []
    sink = Sink("f.yaml")
    checked = THINGS.check(loaded.data, loaded.data.at, "", sink)
    assert checked is not BAD
    return checked, [(f.code, f.line, f.col, f.where, f.message) for f in sink.findings]


def test_where_text_joins_keys_indexes_and_mapping_keys() -> None:
    assert where_text("") == ""
    assert where_text(("", "stages")) == "stages"
    assert where_text(((("", "stages"), 2), "owner")) == "stages[2].owner"
    assert where_text((("", "amounts"), None)) == "amounts key"
    assert where_text(("budgets[0]", "lines")) == "budgets[0].lines"
    assert where_text(((("", "stages"), "go-live"), "criteria")) == "stages.go-live.criteria"


def test_list_items_are_named_by_their_id_else_their_index() -> None:
    # One style for every data path: ids for keyed lists, an index where there is no
    # usable id (a missing one, or one that is itself invalid).
    _, found = check(
        "things:\n  - {id: go-live, status: Done}\n  - {status: nope}\n  - {id: a b, status: x}\n"
    )
    assert [where for _, _, _, where, _ in found if where.endswith("status")] == [
        "things.go-live.status",
        "things[1].status",
        "things[2].status",
    ]


def test_a_nested_finding_names_its_whole_path() -> None:
    _, found = check(
        "things:\n  - id: a\n  - id: b\n    tags: [x, 'y z']\n    amounts: {20x1: 5, 2019: t}\n"
    )
    assert found == [
        (
            "SCHEMA-PATTERN",
            4,
            15,
            "things.b.tags[1]",
            "things.b.tags[1] 'y z' is not a valid reference",
        ),
        (
            "SCHEMA-PATTERN",
            5,
            15,
            "things.b.amounts key",
            "things.b.amounts key '20x1' is not a valid text",
        ),
        (
            "SCHEMA-TYPE",
            5,
            30,
            "things.b.amounts.2019",
            "things.b.amounts.2019 should be a number, not the text 't'",
        ),
    ]


def test_a_text_valid_for_one_pattern_is_still_checked_against_another() -> None:
    # 'a.b' is a valid reference, remembered as such; it is still not a valid id.
    data, found = check("things:\n  - id: c\n    owner: a.b\n  - id: a.b\n    owner: a.b\n")
    assert found == [
        ("SCHEMA-PATTERN", 4, 9, "things[1].id", "things[1].id 'a.b' is not a valid stage id"),
    ]
    assert data["things"][1] == {"owner": "a.b"}


def test_a_remembered_valid_value_does_not_hide_an_invalid_one() -> None:
    _, found = check("things:\n  - {id: s1, status: done}\n  - {id: s1, status: Done}\n")
    assert [(code, where) for code, _, _, where, _ in found] == [
        ("SCHEMA-ENUM", "things.s1.status"),
    ]


def test_a_dropped_list_item_takes_its_position_with_it() -> None:
    data, found = check("things:\n  - id: a\n    tags: [x, {no: 1}, z]\n")
    assert [(code, where) for code, _, _, where, _ in found] == [
        ("SCHEMA-TYPE", "things.a.tags[1]")
    ]
    tags = data["things"][0]["tags"]
    assert tags == ["x", "z"]
    assert tags.pos(1) == (3, 24)


def test_unknown_keys_at_the_top_level_are_named_without_a_leading_dot() -> None:
    loaded = load_text(
        "version: 1\nprogramme: {id: p, title: P}\npartners: []\nstages: []\nbogus: 1\n", "f"
    )
    assert loaded.data is not None
    sink = Sink("f")
    check_playbook(loaded.data, sink)
    assert [(f.code, f.where, f.line) for f in sink.findings] == [
        ("SCHEMA-UNKNOWN-KEY", "bogus", 5)
    ]
    assert "bogus" not in loaded.data


def test_one_item_where_a_list_belongs_is_told_to_write_a_list() -> None:
    loaded = load_text("things:\n  - {id: a, tags: x}\n  - {id: b, tags: {k: v}}\n", "f.yaml")
    assert loaded.data is not None
    sink = Sink("f.yaml")
    THINGS.check(loaded.data, loaded.data.at, "", sink)
    assert [(f.line, f.message, f.hint) for f in sink.findings] == [
        (
            2,
            "things.a.tags should be a list, not the text 'x'",
            "write a list, even of one item: [x]",
        ),
        (
            3,
            "things.b.tags should be a list, not a mapping",
            "write a list: one item a line, each starting with '- '",
        ),
    ]
