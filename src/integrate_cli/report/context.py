"""The template context of a paper: the playbook's facts as a committee paper needs them.

Every variable is documented in docs/templates.md.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from integrate_cli.dates import DateError, Window, format_day, parse_date, parse_financial_year
from integrate_cli.errors import UsageError
from integrate_cli.findings import Sink
from integrate_cli.loader import LocDict
from integrate_cli.model import Playbook
from integrate_cli.resolve import Dates
from integrate_cli.rules.money import money
from integrate_cli.status import ProgrammeStatus, programme_status
from integrate_cli.timeline import chart

NEXT_STEPS_DAYS = 91  # when the paper names no next meeting: the next quarter


def long_day(day: date | None) -> str:
    """Return a day as a paper's header prints it: 8 November 2017."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}" if day else ""


def choose_paper(playbook: Playbook, paper_id: str | None) -> LocDict | None:
    """Return the paper asked for, else the newest by meeting date (None when there are none)."""
    papers = playbook.papers
    if paper_id is not None:
        match = [p for p in papers if p.get("id") == paper_id]
        if not match:
            known = ", ".join(str(p.get("id")) for p in papers) or "none"
            raise UsageError(f"{playbook.path}: no paper '{paper_id}'; papers: {known}")
        return match[0]
    if not papers:
        return None
    dates = Dates(playbook, Sink(playbook.path))
    return max(papers, key=lambda p: _meeting_day(dates, p) or date.min)


def _meeting_day(dates: Dates, paper: LocDict) -> date | None:
    meeting = paper.get("meeting")
    return dates.of(meeting, "date").end if isinstance(meeting, LocDict) else None


def _person(playbook: Playbook, ref: Any) -> dict[str, str]:
    for person in playbook.people:
        if person.get("id") == ref:
            return {k: str(person.get(k, "")) for k in ("name", "role", "email", "phone")}
    return {"name": str(ref or ""), "role": "", "email": "", "phone": ""}


def _window_text(window: Window) -> str:
    return format_day(window.end) if window.end else "TBC"


def build_context(playbook: Playbook, paper_id: str | None, as_of: date | None) -> dict[str, Any]:
    """Return the template context for one paper of `playbook` (see docs/templates.md)."""
    dates = Dates(playbook, Sink(playbook.path))
    paper = choose_paper(playbook, paper_id)
    meeting = paper.get("meeting") if paper is not None else None
    meeting = meeting if isinstance(meeting, LocDict) else LocDict((1, 1))
    meeting_day = dates.of(meeting, "date").end
    next_day = dates.of(meeting, "next").end
    day = as_of or meeting_day
    if day is None:
        raise UsageError(
            f"{playbook.path}: give --as-of: the playbook has no paper with a "
            "meeting date to report as of"
        )
    status = programme_status(playbook, day)
    names = playbook.names()
    horizon = next_day or day + timedelta(days=NEXT_STEPS_DAYS)
    return {
        "programme": {
            k: str(playbook.raw.get("programme", {}).get(k, ""))
            for k in ("id", "title", "area", "description")
        },
        "partners": [
            {k: str(p.get(k, "")) for k in ("id", "name", "kind", "short")}
            for p in playbook.partners
        ],
        "as_of": long_day(day),
        "as_of_iso": day.isoformat(),
        "paper": _paper(playbook, paper, meeting, meeting_day, next_day, names),
        "status": _status(status),
        "budgets": [_budget(b, names) for b in playbook.budgets],
        "risks": _risks(playbook, names),
        "next_steps": _between(status, day, horizon),
        "next_steps_until": long_day(horizon),
        "done_since": _done_since(status, playbook, dates, meeting_day or day),
        "decisions_needed": [
            {"ref": i.ref, "title": i.title, "due": _window_text(i.due)}
            for s in status.stages
            for i in s.items
            if i.kind == "decision" and i.status != "done"
        ],
        "agreements": [
            {
                k: str(a.get(k, ""))
                for k in ("id", "title", "starts", "ends", "review", "notice", "break_clause")
            }
            for a in playbook.agreements
        ],
        "timeline_chart": chart(status),
    }


def _paper(
    playbook: Playbook,
    paper: LocDict | None,
    meeting: LocDict,
    meeting_day: date | None,
    next_day: date | None,
    names: dict[str, str],
) -> dict[str, Any]:
    if paper is None:
        return {
            "id": "",
            "title": f"{playbook.title}: highlight report",
            "meeting": {
                "body": "",
                "body_name": "",
                "date": "",
                "item": "",
                "reference": "",
                "next": "",
            },
            "wards": [],
            "exempt": False,
            "exemption": "",
            "author": _person(playbook, ""),
            "lead_officer": _person(playbook, ""),
            "report_from": "",
            "contacts": [],
            "summary": "",
            "recommendations": [],
            "sections": [],
            "attachments": [],
            "background_papers": [],
        }
    body = str(meeting.get("body", ""))
    return {
        "id": str(paper.get("id", "")),
        "title": str(paper.get("title", "")),
        "meeting": {
            "body": body,
            "body_name": names.get(body, body),
            "date": long_day(meeting_day),
            "item": str(meeting.get("item", "")),
            "reference": str(meeting.get("reference", "")),
            "next": long_day(next_day),
        },
        "wards": [str(w) for w in paper.get("wards", [])],
        "exempt": bool(paper.get("exempt", False)),
        "exemption": str(paper.get("exemption", "")),
        "author": _person(playbook, paper.get("author")),
        "lead_officer": _person(playbook, paper.get("lead_officer")),
        "report_from": str(paper.get("report_from", "")),
        "contacts": [_person(playbook, c) for c in paper.get("contacts", [])],
        "summary": str(paper.get("summary", "")),
        "recommendations": [
            {
                "number": n,
                "text": str(r.get("text", "")),
                "body_name": names.get(str(r.get("body", "")), str(r.get("body", ""))),
            }
            for n, r in enumerate(paper.get("recommendations", []), 1)
        ],
        "sections": [
            {
                "title": str(s.get("title", "")),
                "key": str(s.get("key", "")),
                "text": str(s.get("text", "")),
            }
            for s in paper.get("sections", [])
        ],
        "attachments": [str(a) for a in paper.get("attachments", [])],
        "background_papers": [str(b) for b in paper.get("background_papers", [])],
    }


def _status(status: ProgrammeStatus) -> dict[str, Any]:
    return {
        "rag": status.rag,
        "done": status.done,
        "total": status.total,
        "readiness": round(100 * status.readiness),
        "stages": [
            {
                "id": s.stage.id,
                "title": s.stage.title,
                "kind": s.stage.kind,
                "due": s.due_text or "TBC",
                "due_end": _window_text(s.due),
                "status": s.status,
                "rag": s.rag,
                "criteria": f"{s.done}/{s.total}",
                "reasons": "; ".join(s.blockers or ([] if s.rag == "green" else s.reasons)),
            }
            for s in status.stages
        ],
        "overdue": [
            {"ref": i.ref, "title": i.title, "due": _window_text(i.due)} for i in status.overdue
        ],
    }


def _years(budget: LocDict) -> list[str]:
    years: set[str] = set()
    for line in budget.get("lines", []):
        years.update(line.get("amounts", {}))

    def key(year: str) -> date:
        try:
            return parse_financial_year(year).start or date.max
        except DateError:
            return date.max

    return sorted(years, key=key)


def _budget(budget: LocDict, names: dict[str, str]) -> dict[str, Any]:
    unit = str(budget.get("unit", "£"))
    years = _years(budget)
    lines = budget.get("lines", [])
    sums = {y: sum(float(line.get("amounts", {}).get(y, 0)) for line in lines) for y in years}
    return {
        "id": str(budget.get("id", "")),
        "title": str(budget.get("title", "")),
        "unit": unit,
        "years": years,
        "lines": [
            {
                "item": str(line.get("item", "")),
                "partner": names.get(str(line.get("partner", "")), ""),
                "fund": str(line.get("fund", "")),
                "note": str(line.get("note", "")),
                "amounts": [
                    money(line["amounts"][y], unit) if y in line.get("amounts", {}) else ""
                    for y in years
                ],
            }
            for line in lines
        ],
        "totals": [money(sums[y], unit) for y in years],
        "declared": [
            {
                "label": str(t.get("label", ""))
                or " ".join(str(t.get(k)) for k in ("fund", "partner", "year") if t.get(k))
                or "Total",
                "amount": money(t.get("amount", 0), unit),
            }
            for t in budget.get("totals", [])
        ],
        "by_fund": _by_fund(lines, years, unit, names),
    }


def _by_fund(
    lines: list[Any], years: list[str], unit: str, names: dict[str, str]
) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, float]] = {}
    for line in lines:
        fund, partner = str(line.get("fund", "")), str(line.get("partner", ""))
        if not fund and not partner:
            continue
        group = groups.setdefault((fund, partner), {})
        for y, amount in line.get("amounts", {}).items():
            group[y] = group.get(y, 0) + float(amount)
    return [
        {
            "fund": fund,
            "partner": names.get(partner, partner),
            "amounts": [money(group[y], unit) if y in group else "" for y in years],
        }
        for (fund, partner), group in sorted(groups.items())
    ]


def _risks(playbook: Playbook, names: dict[str, str]) -> list[dict[str, Any]]:
    risks = []
    for r in playbook.risks:
        likelihood, impact = int(r.get("likelihood", 0)), int(r.get("impact", 0))
        risks.append(
            {
                "id": str(r.get("id", "")),
                "title": str(r.get("title", "")),
                "likelihood": likelihood,
                "impact": impact,
                "score": likelihood * impact,
                "owner": names.get(str(r.get("owner", "")), str(r.get("owner", ""))),
                "mitigation": str(r.get("mitigation", "")),
                "status": str(r.get("status", "open")),
            }
        )
    return sorted(risks, key=lambda r: (-r["score"], r["id"]))


def _between(status: ProgrammeStatus, start: date, end: date) -> list[dict[str, str]]:
    items = [
        i
        for s in status.stages
        for i in s.items
        if i.status not in ("done", "dropped") and i.due.end and start <= i.due.end <= end
    ]
    items.sort(key=lambda i: (i.due.end or date.max, i.ref))
    return [
        {"ref": i.ref, "title": i.title, "due": _window_text(i.due), "rag": i.rag} for i in items
    ]


def _done_since(
    status: ProgrammeStatus, playbook: Playbook, dates: Dates, day: date
) -> list[dict[str, str]]:
    earlier = [d for p in playbook.papers if (d := _meeting_day(dates, p)) and d < day]
    since = max(earlier) if earlier else day - timedelta(days=NEXT_STEPS_DAYS)
    items = [
        i
        for s in status.stages
        for i in s.items
        if i.status == "done" and i.done_on and since < i.done_on <= day
    ]
    items.sort(key=lambda i: (i.done_on or date.min, i.ref))
    return [
        {"ref": i.ref, "title": i.title, "on": format_day(i.done_on)} for i in items if i.done_on
    ]


__all__ = ["build_context", "choose_paper", "long_day", "parse_date"]
