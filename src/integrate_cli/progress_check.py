"""Checks around a progress edit: the playbook is valid first, and the edit proves itself.

After the new text is worked out, both texts are loaded and their values compared: only
the asked-for item's `status`, `record` and `history` (a decision's `taken` entry and
`history`) may differ, and they must hold exactly what was asked. Anything else, and
nothing is written.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from integrate_cli.check import blocking
from integrate_cli.errors import FindingsFailed
from integrate_cli.findings import ERROR, Finding
from integrate_cli.loader import Loaded

_MISSING: Any = object()
# The playbook lists whose items have ids, and what one item is called.
SECTIONS = {"stages": "stage", "criteria": "criterion", "decisions": "decision"}


def shown(text: str) -> str:
    """Return `text` safe to print: control characters written as escapes (\\x1b)."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        else ch
        for ch in text
    )


def _day(value: Any) -> str:
    from integrate_cli.dates import DateError, Fixed, format_day, parse_date

    text = str(value)
    try:
        expr = parse_date(text)
    except DateError:
        return shown(text)
    window = expr.window if isinstance(expr, Fixed) else None
    if window and window.start is not None and window.start == window.end:
        return format_day(window.start)
    return shown(text)


def record_words(record: Any) -> str:
    """Return a record in words: on 14 Dec 2019 by Cabinet, evidence "Minute 12"."""
    if not isinstance(record, dict):
        return ""
    head = f"on {_day(record['on'])}" if record.get("on") is not None else ""
    if record.get("by") is not None:
        head = f"{head} by {shown(str(record['by']))}".strip()
    parts = [head] if head else []
    for key in ("evidence", "reason"):
        if record.get(key) is not None:
            parts.append(f"{key} {shown(json.dumps(str(record[key]), ensure_ascii=False))}")
    if record.get("forced") is True:
        parts.append("forced")
    return ", ".join(parts)


def refuse_invalid(findings: Sequence[Finding], path: str, as_of: date) -> None:
    """Raise FindingsFailed listing the errors that stop an edit, one per line, if any."""
    errors = blocking(findings)
    if not errors:
        return
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    lines = [f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}" for f in errors]
    raise FindingsFailed(
        f"{path} has {count} as of {as_of.isoformat()}, so no progress was recorded; "
        f"fix {'them' if len(errors) > 1 else 'it'} first ('integrate validate' gives hints):\n"
        + "\n".join(lines)
    )


def refuse_new_errors(before: Sequence[Finding], after: Sequence[Finding], path: str) -> None:
    """Raise FindingsFailed when an edit would add an error the playbook did not have."""
    had = {(f.code, f.message) for f in before if f.level == ERROR}
    added = [f for f in after if f.level == ERROR and (f.code, f.message) not in had]
    if added:
        f = added[0]
        raise FindingsFailed(
            f"{path}:{f.line}:{f.col}: {f.code} {f.message} — the edit "
            "would leave the playbook invalid, so nothing was written"
        )


def prove(
    old: Loaded,
    new: Loaded,
    *,
    locate: Callable[[Any], dict[str, Any] | None],
    label: str,
    expected: dict[str, Any],
) -> None:
    """Raise FindingsFailed unless the new values differ from the old only as expected.

    `locate` finds the edited item in loaded data; `expected` maps each key of the item
    that may change to the value it must have after the edit. Returns None when proven;
    the loaded values are left as they were.
    """
    path = old.path
    unsafe = "; nothing was written (record it by hand, and please report this)"
    if new.data is None or new.findings:
        first = new.findings[0] if new.findings else None
        problem = f" at {first.line}:{first.col} ({first.code} {first.message})" if first else ""
        raise FindingsFailed(f"{path}: the edit would break the file{problem}{unsafe}")
    old_item, new_item = locate(old.data), locate(new.data)
    if old_item is None or new_item is None:
        raise FindingsFailed(f"{path}: the edit would lose {label}{unsafe}")
    kept = [
        {key: item.pop(key) for key in expected if key in item} for item in (old_item, new_item)
    ]
    try:
        same = old.data == new.data
        places = [] if same else [_place(old.data, p) for p in _differences(old.data, new.data, [])]
    finally:
        old_item.update(kept[0])
        new_item.update(kept[1])
    if places:
        shown_places = ", ".join(dict.fromkeys(places[:3])) + (", ..." if len(places) > 3 else "")
        raise FindingsFailed(
            f"{path}: the edit of {label} would also change {shown_places}{unsafe}"
        )
    for key, want in expected.items():
        if new_item.get(key, _MISSING) != want:
            raise FindingsFailed(
                f"{path}: the edit would not leave {label} with the {key} asked for{unsafe}"
            )


def _differences(old: Any, new: Any, where: list[str | int]) -> list[list[str | int]]:
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[list[str | int]] = []
        for key in dict.fromkeys([*old, *new]):
            if old.get(key, _MISSING) != new.get(key, _MISSING):
                found += _differences(old.get(key, _MISSING), new.get(key, _MISSING), [*where, key])
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                found += _differences(a, b, [*where, index])
        return found
    return [where]


def _place(data: Any, segments: list[str | int]) -> str:
    """Return where a data path is, in words: stage 's3' (status)."""
    label, node = "", data
    ids: list[str] = []
    rest: list[str | int] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        following = segments[index + 1] if index + 1 < len(segments) else None
        seq = node.get(segment) if isinstance(node, dict) else None
        if segment in SECTIONS and isinstance(following, int) and isinstance(seq, list):
            item = seq[following] if following < len(seq) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str):
                ids.append(ident)
                label, rest, node = f"{SECTIONS[str(segment)]} '{'.'.join(ids)}'", [], item
                index += 2
                continue
        rest.append(segment)
        node = _step(node, segment)
        index += 1
    words = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in rest).lstrip(".")
    if not label:
        return words or "the whole file"
    return f"{label} ({words})" if words else label


def _step(node: Any, segment: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(segment)
    if isinstance(node, list) and isinstance(segment, int) and segment < len(node):
        return node[segment]
    return None
