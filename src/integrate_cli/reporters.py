"""Output formats for check results: a registry of reporters built from one to_dict()."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from integrate_cli.check import CheckResult
from integrate_cli.findings import ERROR, WARNING, Finding
from integrate_cli.review import BASELINED, SUPPRESSED, Review, Waived

JSON_VERSION = 1


def to_dict(result: CheckResult, *, strict: bool, review: Review | None = None) -> dict[str, Any]:
    """Return the check result as the stable JSON document (version 1).

    Findings set aside by a suppression or the baseline are listed with the others,
    marked `"suppressed": true` or `"baselined": true` with the reason.
    """
    review = review or Review()
    return {
        "version": JSON_VERSION,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "strict": strict,
        "summary": {
            "files": len(result.files),
            "files_with_findings": sum(1 for f in result.files if f.findings),
            "errors": result.count(ERROR),
            "warnings": result.count(WARNING),
            "failed": result.failed(strict=strict),
        },
        "set_aside": {
            SUPPRESSED: review.count(SUPPRESSED),
            BASELINED: review.count(BASELINED),
            "baseline_entries_fixed": review.baseline_unmatched,
        },
        "files": [
            {"path": f.path, "findings": _file_findings(f.findings, review.waived.get(f.path))}
            for f in result.files
        ],
    }


def _file_findings(active: list[Finding], waived: list[Waived] | None) -> list[dict[str, Any]]:
    if not waived:
        return [finding.to_dict() for finding in active]
    rows = [(f.sort_key(), f.to_dict()) for f in active]
    rows += [(w.finding.sort_key(), _waived_dict(w)) for w in waived]
    rows.sort(key=lambda row: row[0])
    return [row[1] for row in rows]


def _waived_dict(waived: Waived) -> dict[str, Any]:
    return {**waived.finding.to_dict(), waived.how: True, "reason": waived.reason}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: CheckResult, *, strict: bool, review: Review | None = None) -> str:
    """Return the one-line summary the text format ends with.

    Findings set aside are counted after a semicolon, and baseline entries no longer
    found are named with what to do.
    """
    data = to_dict(result, strict=strict)["summary"]
    checked = _plural(data["files"], "playbook")
    if not data["errors"] and not data["warnings"]:
        line = f"{checked} checked: no problems"
    else:
        verdict = "failed" if data["failed"] else "passed"
        line = (
            f"{checked} checked: {_plural(data['errors'], 'error')}, "
            f"{_plural(data['warnings'], 'warning')} in {data['files_with_findings']} "
            f"file{'' if data['files_with_findings'] == 1 else 's'} ({verdict})"
        )
    if review is None:
        return line
    aside = [f"{review.count(how)} {how}" for how in (SUPPRESSED, BASELINED) if review.count(how)]
    if review.baseline_unmatched:
        n = review.baseline_unmatched
        entries = "entry" if n == 1 else "entries"
        aside.append(f"{n} baseline {entries} fixed; rewrite the baseline with --write-baseline")
    return "; ".join([line, *aside])


def text(result: CheckResult, *, strict: bool, review: Review | None = None) -> str:
    """Findings grouped by file, `path:line:col: level CODE message`, a hint, a summary.

    Findings set aside by a suppression or the baseline are only counted in the summary.
    """
    lines: list[str] = []
    for file in result.files:
        if not file.findings:
            continue
        for f in file.findings:
            lines.append(f"{f.path}:{f.line}:{f.col}: {f.level} {f.code} {f.message}")
            if f.hint:
                lines.append(f"    hint: {f.hint}")
        lines.append("")
    lines.append(summary_line(result, strict=strict, review=review))
    return "\n".join(lines) + "\n"


def as_json(result: CheckResult, *, strict: bool, review: Review | None = None) -> str:
    """The stable JSON document, indented."""
    doc = to_dict(result, strict=strict, review=review)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(result: CheckResult, *, strict: bool, review: Review | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then a notice."""
    lines = []
    for f in result.findings():
        command = "error" if f.fails(strict=strict) else "warning"
        message = f.message + (f"\nhint: {f.hint}" if f.hint else "")
        lines.append(
            f"::{command} file={_escape(f.path, prop=True)},line={f.line},"
            f"col={f.col},title={_escape(f.code, prop=True)}::{_escape(message)}"
        )
    summary = summary_line(result, strict=strict, review=review)
    lines.append(f"::notice title=integrate validate::{_escape(summary)}")
    return "\n".join(lines) + "\n"


def junit(result: CheckResult, *, strict: bool, review: Review | None = None) -> str:
    """JUnit XML: one testcase per playbook, failing when it has failing findings."""
    from xml.etree import ElementTree as ET

    failures = sum(1 for f in result.files if f.failed(strict=strict))
    suite = ET.Element(
        "testsuite",
        name="integrate validate",
        tests=str(len(result.files)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for file in result.files:
        case = ET.SubElement(suite, "testcase", classname="integrate.validate", name=file.path)
        failing = [f for f in file.findings if f.fails(strict=strict)]
        body = "\n".join(
            f"{f.path}:{f.line}:{f.col}: {f.level} {f.code} {f.message}" for f in file.findings
        )
        if failing:
            first = failing[0]
            failure = ET.SubElement(
                case,
                "failure",
                type=first.code,
                message=f"{_plural(len(failing), 'problem')}: {first.message}",
            )
            failure.text = body
        elif body:
            ET.SubElement(case, "system-out").text = body
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def sarif(result: CheckResult, *, strict: bool, review: Review | None = None) -> str:
    """SARIF 2.1.0 for code-scanning dashboards: one rule per code, results with regions.

    A suppressed finding is a result with an inSource suppression, a baselined one with
    an external suppression, each with its reason as the justification.
    """
    from integrate_cli import __version__
    from integrate_cli.rules import catalogue

    codes = catalogue()
    index = {c.code: n for n, c in enumerate(codes)}
    rules = [
        {
            "id": c.code,
            "name": c.code.title().replace("-", ""),
            "shortDescription": {"text": c.title},
            "fullDescription": {"text": c.doc},
            "defaultConfiguration": {"level": c.level},
        }
        for c in codes
    ]
    results = [_sarif_result(f, index[f.code], strict=strict) for f in result.findings()]
    for waived in (w for items in (review.waived if review else {}).values() for w in items):
        kind = "inSource" if waived.how == SUPPRESSED else "external"
        entry = _sarif_result(waived.finding, index[waived.finding.code], strict=strict)
        entry["suppressions"] = [{"kind": kind, "justification": waived.reason}]
        results.append(entry)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "integrate",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/integrate-cli/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(f: Finding, rule_index: int, *, strict: bool) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": "error" if f.fails(strict=strict) else "warning",
        "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path.replace("\\", "/")},
                    "region": {"startLine": f.line, "startColumn": f.col},
                }
            }
        ],
    }


Reporter = Callable[..., str]
REPORTERS: dict[str, Reporter] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
    "sarif": sarif,
}
