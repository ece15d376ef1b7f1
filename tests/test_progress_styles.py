"""Progress edits on playbooks written every which way: the asked-for item changes, or nothing.

Hypothesis writes small valid playbooks in varied YAML styles (block and flow mappings and
sequences, flow mappings over several lines, folded and literal scalars with every chomping
indicator, comments on and between lines, blank lines, LF, CRLF or CR line endings, a BOM,
key orders, quoted keys, anchors and aliases on unrelated values) and runs one progress
action on a random item. Either the action is refused and the bytes are unchanged, or the
new file loads, only the target's status/record/history (a decision's taken/history)
differ, every changed byte lies inside the target's own text, and line endings are uniform.

For a longer local run: INTEGRATE_STYLE_EXAMPLES=5000 python -m pytest tests/test_progress_styles.py
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from integrate_cli.check import blocking, check_loaded
from integrate_cli.errors import FindingsFailed, IntegrateError, Refused, UsageError
from integrate_cli.loader import load_text
from integrate_cli.progress import Request, record_progress
from integrate_cli.yamledit import scalar

AS_OF = date(2018, 6, 1)
ON = date(2018, 3, 1)
WORDS = st.sampled_from(["alpha", "Board", "£20k", "it's", "Cabinet", "x2", "a-b", "S75"])
TEXT = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
STYLED = settings(
    max_examples=int(os.environ.get("INTEGRATE_STYLE_EXAMPLES", "200")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


OLD = "{status: in-progress, on: 2018-01-02, by: PMO}"
HISTORIES = [[f"[{OLD}]"], ["", f"  - {OLD}"], ["", f"- {OLD}", f"- {OLD}"]]
TAKEN = "{on: 2018-01-12, evidence: Minute 3}"


@dataclass
class Item:
    """A mapping to write: (key, text) pairs where text is a value already in YAML."""

    pairs: list[tuple[str, list[str]]] = field(default_factory=list)
    flow_ok: bool = True


def quote_key(draw: st.DrawFn, key: str) -> str:
    return draw(st.sampled_from([key, key, key, f'"{key}"', f"'{key}'"]))


@st.composite
def scalar_text(draw: st.DrawFn, value: str, *, block_ok: bool, ref: bool = False) -> list[str]:
    """Return a scalar as lines: the first after `key: `, the rest relative to the key."""
    styles = ["plain", "single", "double"]
    if block_ok:
        styles += ["folded", "literal", "multiplain"]
    style = draw(st.sampled_from(styles))
    if style == "single":
        return ["'" + value.replace("'", "''") + "'"]
    if style == "double":
        inner = json.dumps(value, ensure_ascii=False)[1:-1]
        if draw(st.booleans()) and not ref:
            inner = inner.replace(" ", "\t", 1)  # a tab inside a quoted string
        return [f'"{inner}"']
    if style == "plain":
        return [value] if _plain_ok(value) else ['"' + value.replace('"', '\\"') + '"']
    if style == "multiplain":
        words = value.split(" ")
        if len(words) < 2 or not _plain_ok(value):
            return [value] if _plain_ok(value) else [json.dumps(value)]
        return [words[0], *("  " + w for w in words[1:])]
    chomp = "-" if ref else draw(st.sampled_from(["", "-", "+"]))
    header = ("|" if style == "literal" else ">") + chomp
    if draw(st.booleans()):
        header += "  # a block scalar"
    body = ["  " + line for line in value.split(" ")] if not ref else ["  " + value]
    trailing = [""] * draw(st.integers(0, 2))
    return [header, *body, *trailing]


def _plain_ok(value: str) -> bool:
    try:
        return bool(yaml.safe_load(value) == value) and not value.startswith("'")
    except yaml.YAMLError:
        return False


@st.composite
def record(draw: st.DrawFn, status: str, tag: str) -> list[str]:
    fields = [("on", f"2018-01-{draw(st.integers(10, 28))}")]
    if draw(st.booleans()):
        fields.append(("by", draw(st.sampled_from(["PMO", "Cabinet", "'Legal: team'"]))))
    if status == "blocked":
        fields.append(("reason", "No adviser"))
    elif draw(st.booleans()):
        fields.append(("evidence", '"Minute 12: final"'))
    anchor = draw(st.sampled_from(["", "", f"&r{tag} "]))
    if draw(st.booleans()):
        return [anchor + "{" + ", ".join(f"{k}: {v}" for k, v in fields) + "}"]
    return [anchor.strip(), *(f"  {k}: {v}" for k, v in fields)]


@st.composite
def status_pairs(draw: st.DrawFn, statuses: list[str], tag: str) -> list[tuple[str, list[str]]]:
    status = draw(st.sampled_from(statuses))
    if status == "absent":
        return []
    anchor = draw(st.sampled_from(["", "", f"&st{tag} "]))
    pairs = [("status", [anchor + status])]
    if status in ("done", "blocked") or draw(st.booleans()):
        pairs.append(("record", draw(record(status, tag))))
    pairs += draw(st.sampled_from([[], [], *([("history", lines)] for lines in HISTORIES)]))
    return pairs


@st.composite
def criterion(draw: st.DrawFn, index: int, stage: int) -> Item:
    pairs = [("id", [f"c{index}"]), ("title", draw(scalar_text(draw(TEXT), block_ok=True)))]
    statuses = ["absent", "not-started", "in-progress", "done", "blocked"]
    pairs += draw(status_pairs(statuses, f"{stage}_{index}"))
    if draw(st.booleans()):
        pairs.append(("owner", draw(scalar_text("council", block_ok=True, ref=True))))
    return Item(draw(st.permutations(pairs)))


@st.composite
def decision(draw: st.DrawFn, index: int) -> Item:
    bodies = draw(st.sampled_from([["cabinet"], ["cabinet", "gb"]]))
    pairs = [
        ("id", [f"d{index}"]),
        ("title", draw(scalar_text(draw(TEXT), block_ok=True))),
        ("bodies", ["[" + ", ".join(bodies) + "]"]),
    ]
    taken = draw(st.sampled_from([None, [f"{{cabinet: {TAKEN}}}"], ["", f"  cabinet: {TAKEN}"]]))
    if taken:
        pairs.append(("taken", taken))
    if draw(st.booleans()):
        pairs.append(("history", draw(st.sampled_from(HISTORIES))))
    return Item(draw(st.permutations(pairs)))


@st.composite
def stage(draw: st.DrawFn, index: int, kind_alias: bool) -> tuple[Item, list[Item], list[Item]]:
    criteria = [draw(criterion(j, index)) for j in range(draw(st.integers(0, 2)))]
    decisions = [draw(decision(j)) for j in range(draw(st.integers(0, 1)))]
    kind = "&kd milestone" if index == 0 else ("*kd" if kind_alias else "milestone")
    pairs = [
        ("id", [f"s{index}"]),
        ("title", draw(scalar_text(draw(TEXT), block_ok=True))),
        ("kind", [kind]),
        ("due", [f"2018-0{7 + index}-01"]),
    ]
    statuses = ["absent", "not-started", "in-progress", "blocked"]
    statuses += [] if criteria or decisions else ["done"]
    pairs += draw(status_pairs(statuses, str(index)))
    if draw(st.booleans()):
        pairs.append(("owner", draw(scalar_text("council", block_ok=True, ref=True))))
    if draw(st.booleans()):
        pairs.append(("description", ["*pt"]))  # an alias of the programme's title
    return Item(draw(st.permutations(pairs))), criteria, decisions


def flowable(item: Item) -> bool:
    return all(len(lines) == 1 and not lines[0].startswith(("|", ">")) for _, lines in item.pairs)


@st.composite
def write_item(
    draw: st.DrawFn, item: Item, indent: int, children: dict[str, list[Item]], flow: bool = False
) -> str:
    """Return a sequence item `- ...` at `indent`, block or flow, with its children."""
    pad = " " * indent
    comment = st.sampled_from(["", "", "  # note", "   #c: {x}"])
    if flowable(item) and not any(children.values()) and (flow or draw(st.booleans())):
        parts = [f"{quote_key(draw, k)}: {v[0]}" for k, v in item.pairs]
        text = pad + "- {"
        for n, part in enumerate(parts):
            text += part
            if n < len(parts) - 1:
                text += "," + (
                    draw(comment) + "\n" + pad + "   " if draw(st.integers(0, 3)) == 0 else " "
                )
        return text + "}" + ("" if flow else draw(comment)) + "\n"
    lines: list[str] = []
    inner = pad + "  "
    entries: list[tuple[str, list[str] | None]] = list(item.pairs)
    entries += [(k, None) for k, v in children.items() if v]
    for key, value in entries:
        if draw(st.integers(0, 5)) == 0:
            lines.append(inner + "# a comment between keys")
        if draw(st.integers(0, 6)) == 0:
            lines.append("")
        head = inner + quote_key(draw, key) + ":"
        if value is None and all(map(flowable, children[key])) and draw(st.booleans()):
            deeper = len(inner) + 2
            flows = [draw(write_item(c, deeper, {}, True)).strip()[2:] for c in children[key]]
            joiner = draw(st.sampled_from([", ", ",\n" + inner + "  ", ",  # c\n" + inner + " "]))
            lines.append(f"{head} [{joiner.join(flows)}]")  # a flow sequence
            continue
        if value is None:
            lines.append(head)
            offset = draw(st.sampled_from([indent + 2, indent + 4]))
            lines += [draw(write_item(child, offset, {})).rstrip("\n") for child in children[key]]
            continue
        first = value[0]
        tail = "" if len(value) > 1 or first == "" else draw(comment)
        lines.append(f"{head} {first}{tail}".rstrip() if first else head)
        for extra in value[1:]:
            lines.append(inner + extra if extra else "")
    lines[0] = pad + "- " + lines[0][len(inner) :]
    return "\n".join(lines) + "\n"


@st.composite
def playbooks(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Return (text with LF line endings, every target name)."""
    kind_alias = draw(st.booleans())
    text = "# a playbook\nversion: 1\n"
    text += draw(
        st.sampled_from(
            [
                "programme: {id: p, title: &pt Programme}\n",
                "programme:\n  id: p  # the id\n  title: &pt 'Programme'\n",
            ]
        )
    )
    text += (
        "partners:\n- {id: council, name: A Council, kind: local-authority}\n"
        "- {id: ccg, name: A CCG, kind: ccg}\n"
        "bodies:\n  - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}\n"
        "  - id: gb\n    name: Governing Body\n    kind: governing-body\n"
        "    partners:\n      - ccg\n\n"
        "stages:\n"
    )
    names: list[str] = []
    for index in range(draw(st.integers(1, 3))):
        item, criteria, decisions = draw(stage(index, kind_alias))
        names.append(f"s{index}")
        names += [f"s{index}.c{j}" for j in range(len(criteria))]
        names += [f"s{index}.d{j}" for j in range(len(decisions))]
        text += draw(write_item(item, 2, {"criteria": criteria, "decisions": decisions}))
        if draw(st.integers(0, 3)) == 0:
            text += "\n# between stages\n\n"
    return text, names


BREAKS = re.compile(r"\r\n|\r|\n")


def item_values(data: Any, name: str) -> dict[str, Any]:
    stage_id, _, item_id = name.partition(".")
    found = next(s for s in data["stages"] if s["id"] == stage_id)
    if not item_id:
        return dict(found)
    kind = "criteria" if item_id.startswith("c") else "decisions"
    return dict(next(i for i in found[kind] if i["id"] == item_id))


def item_span(text: str, name: str) -> tuple[int, int]:
    """Return where the item's own text lies: its start to the next item's start (pure PyYAML)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)

    def seq(node: yaml.Node, key: str) -> list[yaml.Node]:
        for k, v in node.value:
            if k.value == key:
                return list(v.value)
        return []

    def ident(node: yaml.Node) -> str:
        return next(v.value for k, v in node.value if k.value == "id")

    stages = seq(root, "stages")
    stage_id, _, item_id = name.partition(".")
    position = next(i for i, s in enumerate(stages) if ident(s) == stage_id)
    bound = stages[position + 1].start_mark.index if position + 1 < len(stages) else len(text)
    if not item_id:
        return stages[position].start_mark.index, bound
    kind = "criteria" if item_id.startswith("c") else "decisions"
    items = seq(stages[position], kind)
    at = next(i for i, s in enumerate(items) if ident(s) == item_id)
    end = items[at + 1].start_mark.index if at + 1 < len(items) else bound
    return items[at].start_mark.index, end


def changed_region(old: str, new: str) -> tuple[int, int]:
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, len(old) - end


@given(
    book=playbooks(),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
    data=st.data(),
)
@STYLED
def test_each_action_changes_exactly_its_item_or_refuses(
    book: tuple[str, list[str]], newline: str, bom: bool, data: st.DataObject
) -> None:
    lf_text, names = book
    text = lf_text.replace("\n", newline)
    note(text)
    loaded = load_text(text, "p.yaml")
    findings = check_loaded(loaded, AS_OF).findings
    assert not blocking(findings), findings  # the generator writes valid playbooks
    name = data.draw(st.sampled_from(names), label="target")
    actions = ["complete", "start", "block", "reopen"]
    if ".d" in name:  # mostly what a decision takes; now and then what it refuses
        actions = ["complete"] * 6 + actions
    action = data.draw(st.sampled_from(actions), label="action")
    request = Request(
        action,
        name,
        ON,
        by=data.draw(st.sampled_from([None, "PMO", "Legal: team", "O'Neil #2"]), label="by"),
        evidence=data.draw(st.sampled_from([None, "Minute 12", '"quoted"']), label="ev"),
        reason=data.draw(st.sampled_from([None, "No adviser", "a, b {c}", "-1"]), label="why"),
        body=data.draw(st.sampled_from([None, "cabinet", "cabinet", "gb"]), label="body"),
        force=data.draw(st.booleans(), label="force"),
    )
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    with TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_bytes(raw)
        try:
            record_progress(str(path), request, as_of=AS_OF)
        except IntegrateError as exc:
            event(f"refused: {type(exc).__name__}")
            assert path.read_bytes() == raw
            assert isinstance(exc, Refused | UsageError | FindingsFailed), exc
            assert "nothing was written (" not in str(exc), exc  # the proof never fires
            assert "cannot be changed alone" not in str(exc), exc
            return
        after = path.read_bytes()
    event(f"written: {action}{' a decision' if '.d' in name else ''}")
    assert after.startswith(b"\xef\xbb\xbf") == bom
    new = after.decode("utf-8-sig")
    note(new)
    assert set(BREAKS.findall(new)) == {newline}
    new_data = load_text(new, "p.yaml").data
    assert new_data is not None
    changing = {"taken", "history"} if ".d" in name else {"status", "record", "history"}
    old_item, new_item = item_values(loaded.data, name), item_values(new_data, name)
    for key in changing:
        old_item.pop(key, None)
        new_item.pop(key, None)
    assert old_item == new_item
    for other in names:
        if other != name and not name.startswith(other + ".") and not other.startswith(name):
            assert item_values(loaded.data, other) == item_values(new_data, other), other
    start, end = changed_region(text, new)
    low, high = item_span(text, name)
    assert low <= start <= end <= high, (start, end, low, high)


@given(
    value=st.one_of(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
        st.sampled_from(["2018-01-02", "14:00", "no", "null", "~", "1e3", "- x", "a: b", " x "]),
    )
)
@settings(max_examples=500, deadline=None, derandomize=True)
def test_a_written_value_reads_back_as_the_same_text(value: str) -> None:
    loaded = load_text(f"key: {scalar(value)}\nlist: [{scalar(value)}]\n", "v.yaml")
    assert loaded.findings == [] and loaded.data == {"key": value, "list": [value]}
