"""The loader: positions, YAML traps and every kind of unusable input."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from integrate_cli.loader import MAX_BYTES, load_bytes, load_file, load_text


def codes(loaded: object) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.col) for f in loaded.findings]  # type: ignore[attr-defined]


def test_values_keep_their_positions() -> None:
    loaded = load_text("a: 1\nstages:\n  - id: x\n    due: 2017-11-08\n", "f.yaml")
    assert loaded.data is not None
    stage = loaded.data["stages"][0]
    assert loaded.data["stages"].pos(0) == (3, 5)
    assert stage.pos("due") == (4, 10)
    assert stage.keys_at["due"] == (4, 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("v: 2017-11-08", "2017-11-08"),  # dates stay the text the author wrote
        ("v: 2017-02-30", "2017-02-30"),  # an impossible date is not a crash
        ("v: 14:00", "14:00"),  # YAML 1.1 would make this 840
        ("v: no", "no"),  # YAML 1.1 would make this False
        ("v: yes", "yes"),
        ("v: true", True),
        ("v: 1_000", 1000),
        ("v: 0x10", 16),
        ("v: 2.5", 2.5),
        ("v: .inf", ".inf"),
        ("v: ~", None),
        ("v: '42'", "42"),
        ("v: -1", -1),
        ("v: +5", 5),
        ("v: .5", 0.5),
        ("v: 12_3.5", 123.5),
        ("v: 1e3", "1e3"),  # YAML 1.1 floats need a dot
        ("v: 017", "017"),
        ("v:", None),
        ("v: NULL", None),
        ("v: Off", "Off"),
        ("v: =", "="),
        ("v: !!str 5", "5"),
        ("v: [1, a, ~, '2', on]", [1, "a", None, "2", "on"]),
    ],
)
def test_scalars_resolve_to_plain_data(text: str, value: object) -> None:
    loaded = load_text(text + "\n", "f.yaml")
    assert loaded.findings == []
    assert loaded.data == {"v": value}


def test_keys_that_yaml_1_1_reads_as_other_types_stay_text() -> None:
    loaded = load_text("on: 1\nyes: 2\n3: 4\n~: 5\nnull: 6\n", "f.yaml")
    assert (loaded.data, loaded.findings) == ({"on": 1, "yes": 2, "3": 4, "~": 5, "null": 6}, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", [("YAML-DUPLICATE-KEY", 3, 1)]),
        ("a:\n\tb: 1\n", [("YAML-SYNTAX", 2, 1)]),
        ("a: [1, 2\n", [("YAML-SYNTAX", 2, 1)]),
        ("", [("YAML-EMPTY", 1, 1)]),
        ("# only a comment\n", [("YAML-EMPTY", 1, 1)]),
        ("- a\n- b\n", [("YAML-NOT-MAPPING", 1, 1)]),
        ("just text\n", [("YAML-NOT-MAPPING", 1, 1)]),
        ("a: 1\n---\nb: 2\n", [("YAML-MULTI-DOC", 2, 1)]),
        ("a: !!python/object/apply:os.system [ls]\n", [("YAML-TAG", 1, 4)]),
        ("a: !custom 1\n", [("YAML-TAG", 1, 4)]),
        ("a: !!binary aGVsbG8=\n", [("YAML-TAG", 1, 4)]),
        ("? [a, b]\n: 1\n", [("YAML-KEY", 1, 3)]),
        ("a: &x [*x]\n", [("YAML-TOO-DEEP", 1, 4)]),
    ],
)
def test_bad_input_is_a_finding_with_a_position(text: str, expected: list[object]) -> None:
    loaded = load_text(text, "f.yaml")
    assert codes(loaded) == expected
    assert all(f.path == "f.yaml" and f.message and f.hint for f in loaded.findings)


def test_tab_indentation_gets_a_tab_hint() -> None:
    (finding,) = load_text("a:\n\tb: 1\n", "f.yaml").findings
    assert finding.hint == "indent with spaces, not tabs"


def test_duplicate_key_keeps_the_first_value_and_names_its_line() -> None:
    loaded = load_text("due: 2017-01-01\nx: 1\ndue: 2018-01-01\n", "f.yaml")
    assert loaded.data == {"due": "2017-01-01", "x": 1}
    assert "first at line 1" in loaded.findings[0].message


def test_deep_nesting_is_refused_without_exhausting_the_stack() -> None:
    loaded = load_text("a: " + "[" * 20000 + "]" * 20000 + "\n", "f.yaml")
    assert [f.code for f in loaded.findings] == ["YAML-TOO-DEEP"]
    deep_map = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200))
    assert [f.code for f in load_text(deep_map, "f.yaml").findings] == ["YAML-TOO-DEEP"]


def test_alias_bomb_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    loaded = load_text("\n".join(lines) + "\n", "f.yaml")
    assert [f.code for f in loaded.findings] == ["YAML-ALIAS-BOMB"]
    assert loaded.data is None


def test_anchors_and_merge_keys_are_ordinary_data() -> None:
    loaded = load_text("base: &b {x: 1, y: 1}\nk:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert loaded.findings == []
    assert loaded.data == {"base": {"x": 1, "y": 1}, "k": {"y": 2, "x": 1}}


def test_bom_and_crlf_are_accepted() -> None:
    loaded = load_bytes("\ufeffa: 1\r\nb: x\r\n".encode(), "f.yaml")
    assert loaded.findings == []
    assert loaded.data == {"a": 1, "b": "x"}
    assert loaded.data.pos("b") == (2, 4)


def test_windows_1252_pound_sign_is_named_with_its_line() -> None:
    loaded = load_bytes("a: 1\ncost: £20k\n".encode("cp1252"), "f.yaml")
    (finding,) = loaded.findings
    assert (finding.code, finding.line, finding.col) == ("FILE-ENCODING", 2, 7)
    assert finding.message == "is not UTF-8: byte 0xA3 at line 2 (in Windows-1252 that is '£')"


def test_binary_data_is_refused() -> None:
    loaded = load_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "f.yaml")
    assert [f.code for f in loaded.findings] == ["FILE-BINARY"]


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    loaded = load_file(big)
    assert [f.code for f in loaded.findings] == ["FILE-TOO-LARGE"]
    assert f"{MAX_BYTES:,}" in loaded.findings[0].message


def test_directory_and_broken_symlink_are_findings(tmp_path: Path) -> None:
    assert [f.code for f in load_file(tmp_path).findings] == ["FILE-UNREADABLE"]
    link = tmp_path / "gone.yaml"
    link.symlink_to(tmp_path / "missing.yaml")
    (finding,) = load_file(link).findings
    assert finding.code == "FILE-UNREADABLE"
    assert "No such file or directory" in finding.message


def test_a_fifo_or_device_is_refused_without_waiting(tmp_path: Path) -> None:
    # Opening a FIFO with no writer would block for ever; reading /dev/zero would never end.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    device = tmp_path / "zero.yaml"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # what /dev/zero is
    messages = [
        (f.code, f.line, f.col, f.message) for p in (fifo, device) for f in load_file(p).findings
    ]
    assert messages == [
        ("FILE-UNREADABLE", 1, 1, "is a FIFO (named pipe), not a playbook file"),
        ("FILE-UNREADABLE", 1, 1, "is a character device, not a playbook file"),
    ]


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: the size is all the check may look at
    (finding,) = load_file(big).findings
    assert (finding.code, finding.message) == (
        "FILE-TOO-LARGE",
        f"file is {MAX_BYTES + 1:,} bytes; playbooks are limited to {MAX_BYTES:,}",
    )


@pytest.mark.parametrize("repeat", [1, 2, 3])
def test_words_yaml_could_read_otherwise_resolve_the_same_every_time(repeat: int) -> None:
    # The second and later loads take the remembered path for each of these.
    text = (
        "title: t\non: 2019-01-01\ntrue: y\nnull: n\n1: one\n"
        "v: [no, 2019-01-01, ~, 1, true, title, 1.5, '1', =]\n"
        "m: {t: 2019-01-01, n: null, f: false, o: on}\n"
    )
    for _ in range(repeat):
        loaded = load_text(text, "f.yaml")
    assert loaded.findings == []
    assert loaded.data == {
        "title": "t",
        "on": "2019-01-01",
        "true": "y",
        "null": "n",
        "1": "one",
        "v": ["no", "2019-01-01", None, 1, True, "title", 1.5, "1", "="],
        "m": {"t": "2019-01-01", "n": None, "f": False, "o": "on"},
    }
    assert loaded.data.keys_at["on"] == (2, 1)
    assert loaded.data["v"].pos(8) == (6, 50)


def test_a_merge_key_and_a_non_scalar_key_in_one_mapping() -> None:
    loaded = load_text("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n  [a]: 4\n", "f.yaml")
    assert codes(loaded) == [("YAML-KEY", 5, 3)]
    assert loaded.data is not None
    assert loaded.data["m"] == {"y": 3, "x": 1}
    assert loaded.data["m"].pos("x") == (1, 14)
