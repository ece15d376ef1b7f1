"""No input makes integrate fall over: mutated examples and random YAML (hypothesis).

The CI run checks about 5,000 cases. For a longer local run:
    INTEGRATE_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from integrate_cli.check import check_loaded
from integrate_cli.cli import app
from integrate_cli.errors import IntegrateError
from integrate_cli.loader import load_bytes, load_text
from integrate_cli.report.render import render_markdown
from integrate_cli.status import programme_status

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "playbooks").glob("*.yaml"))]
DATA = [yaml.safe_load(text) for text in EXAMPLES]
CASES = int(os.environ.get("INTEGRATE_FUZZ_EXAMPLES", "1250"))
FUZZ = settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
AS_OF = date(2026, 11, 22)
runner = CliRunner()


def exercise(text: str) -> None:
    """Validate, compute status and render: findings are fine, exceptions are not."""
    result = check_loaded(load_text(text, "fuzz.yaml"), AS_OF)
    for finding in result.findings:
        assert finding.line >= 1 and finding.col >= 1, finding
        assert finding.code and finding.message
    if result.playbook is None:
        return
    programme_status(result.playbook, AS_OF)
    if not any(f.level == "error" for f in result.findings):
        with contextlib.suppress(IntegrateError):
            render_markdown(result.playbook, "highlight", paper_id=None, as_of=AS_OF)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "2017-02-30",
            "2018/20",
            "TBC",
            "autumn 2017",
            "29.8.14",
            "6 months after stage-1",
            "on x",
            "£20k",
            "14:00",
            "no",
        ]
    ),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _mutate(data: Any, path: tuple[Any, ...], action: str, new: Any) -> Any:
    if not path:
        return new if action == "replace" else data
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = new
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(key, parent[key])
    elif action == "duplicate" and isinstance(parent, dict):
        parent[f"{key}"] = parent[key]
    return data


@FUZZ
@given(st.data())
def test_mutated_examples_never_crash(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(DATA) - 1))
    tree = yaml.safe_load(EXAMPLES[index])
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(tree)
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate"]))
        if action == "delete" and not path:
            continue
        tree = _mutate(tree, path, action, data.draw(SCALARS))
    exercise(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False))


@FUZZ
@given(st.data())
def test_cut_and_garbled_text_never_crashes(data: st.DataObject) -> None:
    text = EXAMPLES[data.draw(st.integers(0, len(EXAMPLES) - 1))]
    cut = data.draw(st.integers(0, len(text)))
    noise = data.draw(st.text(max_size=30))
    where = data.draw(st.integers(0, cut))
    exercise(text[:where] + noise + text[where:cut])


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(raw: bytes) -> None:
    loaded = load_bytes(raw, "fuzz.yaml")
    if loaded.data is not None:
        exercise(loaded.text)


JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@FUZZ
@given(JSONISH)
def test_random_yaml_documents_never_crash(value: Any) -> None:
    exercise(yaml.safe_dump(value, allow_unicode=True))


@settings(
    max_examples=max(50, CASES // 25),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_commands_exit_0_1_or_2(data: st.DataObject, tmp_path_factory: Any) -> None:
    tree = yaml.safe_load(EXAMPLES[data.draw(st.integers(0, len(EXAMPLES) - 1))])
    paths = [p for p in _paths(tree) if p]
    tree = _mutate(tree, data.draw(st.sampled_from(paths)), "replace", data.draw(SCALARS))
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "p.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False))
    for args in (
        ["validate", str(path)],
        ["status", str(path)],
        ["render-report", str(path), "-t", "highlight", "--as-of", "2017-06-01"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1, 2), (args, result.output, result.exception)
        assert "Traceback" not in result.output
