"""Example files are test data: playbooks/ and tests/examples/{valid,invalid}/."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from integrate_cli.check import check_file
from integrate_cli.loader import load_file
from integrate_cli.spec import json_schema

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)
PLAYBOOKS = sorted((ROOT / "playbooks").glob("*.yaml"))
VALID = sorted((ROOT / "tests" / "examples" / "valid").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "examples" / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"#\s*expect:\s*(.+)")


def _plain(value: object) -> object:
    return json.loads(json.dumps(value))


def test_there_is_one_example_playbook_per_source_paper() -> None:
    assert len(PLAYBOOKS) >= 4


@pytest.mark.parametrize("path", PLAYBOOKS + VALID, ids=lambda p: p.name)
def test_valid_examples_are_clean(path: Path) -> None:
    result = check_file(str(path), AS_OF)
    assert [(f.code, f.line, f.col, f.message) for f in result.findings] == []


@pytest.mark.parametrize("path", PLAYBOOKS + VALID, ids=lambda p: p.name)
def test_valid_examples_match_the_exported_schema(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.data is not None
    jsonschema.Draft202012Validator(json_schema()).validate(_plain(loaded.data))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_examples_give_exactly_the_expected_codes(path: Path) -> None:
    match = EXPECT.search(path.read_text(encoding="utf-8", errors="replace").splitlines()[0])
    assert match, f"{path.name}: first line must be '# expect: CODE[, CODE]'"
    expected = sorted({code.strip() for code in match.group(1).split(",")})
    found = check_file(str(path), AS_OF).findings
    assert sorted({f.code for f in found}) == expected
    assert all(f.line >= 1 and f.col >= 1 and f.message and f.hint for f in found)


def test_schema_is_itself_valid_and_documents_every_field() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)

    def walk(node: dict[str, object], where: str) -> None:
        for name, prop in dict(node.get("properties", {})).items():  # type: ignore[call-overload]
            assert prop.get("description"), f"{where}.{name} has no description"
            walk(prop, f"{where}.{name}")
            if isinstance(prop.get("items"), dict):
                walk(prop["items"], f"{where}.{name}[]")

    walk(schema, "playbook")
