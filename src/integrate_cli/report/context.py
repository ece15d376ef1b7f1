"""The template context of a paper: the playbook's facts as a committee paper needs them.

Every variable is documented in docs/templates.md.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from integrate_cli.budget import Budget
from integrate_cli.dates import Window, format_day
from integrate_cli.errors import UsageError
from integrate_cli.model import Playbook
from integrate_cli.resolve import resolved
from integrate_cli.rules.money import money
from integrate_cli.sections import Paper
from integrate_cli.status import ProgrammeStatus, programme_status
from integrate_cli.status_data import summary
from integrate_cli.timeline import chart

NEXT_STEPS_DAYS = 91  # when the paper names no next meeting: the next quarter


def long_day(day: date | None) -> str:
    """Return a day as a paper's header prints it: 8 November 2017."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}" if day else ""


def choose_paper(playbook: Playbook, paper_id: str | None) -> Paper | None:
    """Return the paper asked for, else the newest by meeting date (None when there are none)."""
    papers = resolved(playbook).papers
    if paper_id is not None:
        match = [p for p in papers if p.id == paper_id]
        if not match:
            known = ", ".join(p.id for p in papers) or "none"
            raise UsageError(f"{playbook.path}: no paper '{paper_id}'; papers: {known}")
        return match[0]
    if not papers:
        return None
    return max(papers, key=lambda p: p.meeting_day or date.min)


def _person(playbook: Playbook, ref: str) -> dict[str, str]:
    person = playbook.person(ref)
    if person is not None:
        return {
            "name": person.name,
            "role": person.role,
            "email": person.email,
            "phone": person.phone,
        }
    return {"name": ref, "role": "", "email": "", "phone": ""}


def _window_text(window: Window) -> str:
    return format_day(window.end) if window.end else "TBC"


def build_context(playbook: Playbook, paper_id: str | None, as_of: date | None) -> dict[str, Any]:
    """Return the template context for one paper of `playbook` (see docs/templates.md)."""
    paper = choose_paper(playbook, paper_id)
    meeting = paper.meeting if paper is not None else None
    meeting_day = meeting.date.window.end if meeting else None
    next_day = meeting.next.window.end if meeting else None
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
            "id": playbook.id,
            "title": playbook.title,
            "area": playbook.area,
            "description": playbook.description,
        },
        "partners": [
            {"id": p.id, "name": p.name, "kind": p.kind, "short": p.short}
            for p in playbook.partners
        ],
        "as_of": long_day(day),
        "as_of_iso": day.isoformat(),
        "paper": _paper(playbook, paper, meeting_day, next_day, names),
        "status": _status(status),
        "budgets": [_budget(b, names) for b in playbook.budgets],
        "risks": _risks(playbook, names),
        "next_steps": _between(status, day, horizon),
        "next_steps_until": long_day(horizon),
        "done_since": _done_since(status, playbook, meeting_day or day),
        "decisions_needed": [
            {"ref": i.ref, "title": i.title, "due": _window_text(i.due)}
            for s in status.stages
            for i in s.items
            if i.kind == "decision" and i.status != "done"
        ],
        "agreements": [
            {
                "id": a.id,
                "title": a.title,
                "starts": a.starts.text,
                "ends": a.ends.text,
                "review": a.review.text,
                "notice": a.notice,
                "break_clause": a.break_clause,
            }
            for a in playbook.agreements
        ],
        "timeline_chart": chart(status),
    }


def _paper(
    playbook: Playbook,
    paper: Paper | None,
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
    meeting = paper.meeting
    body = meeting.body if meeting else ""
    return {
        "id": paper.id,
        "title": paper.title,
        "meeting": {
            "body": body,
            "body_name": names.get(body, body),
            "date": long_day(meeting_day),
            "item": meeting.item if meeting else "",
            "reference": meeting.reference if meeting else "",
            "next": long_day(next_day),
        },
        "wards": list(paper.wards),
        "exempt": paper.exempt,
        "exemption": paper.exemption,
        "author": _person(playbook, paper.author),
        "lead_officer": _person(playbook, paper.lead_officer),
        "report_from": paper.report_from,
        "contacts": [_person(playbook, c) for c in paper.contacts],
        "summary": paper.summary,
        "recommendations": [
            {"number": n, "text": r.text, "body_name": names.get(r.body, r.body)}
            for n, r in enumerate(paper.recommendations, 1)
        ],
        "sections": [{"title": s.title, "key": s.key, "text": s.text} for s in paper.sections],
        "attachments": list(paper.attachments),
        "background_papers": list(paper.background_papers),
    }


def _end_text(window: dict[str, date | None]) -> str:
    end = window["end"]
    return format_day(end) if end else "TBC"


def _status(status: ProgrammeStatus) -> dict[str, Any]:
    data = summary(status)  # the form the JSON is made from
    return {
        "rag": data["rag"],
        "done": data["readiness"]["done"],
        "total": data["readiness"]["total"],
        "readiness": data["readiness"]["percent"],
        "stages": [
            {
                "id": s["id"],
                "title": s["title"],
                "kind": s["kind"],
                "due": s["due"] or "TBC",
                "due_end": _end_text(s["due_window"]),
                "status": s["status"],
                "rag": s["rag"],
                "criteria": f"{s['criteria']['done']}/{s['criteria']['total']}",
                "reasons": "; ".join(
                    s["blockers"] or ([] if s["rag"] == "green" else s["rag_reasons"])
                ),
            }
            for s in data["stages"]
        ],
        "overdue": [
            {"ref": i["ref"], "title": i["title"], "due": _end_text(i["due_window"])}
            for i in data["overdue"]
        ],
    }


def _budget(budget: Budget, names: dict[str, str]) -> dict[str, Any]:
    unit, years = budget.unit, budget.years
    sums = budget.by_year()
    return {
        "id": budget.id,
        "title": budget.title,
        "unit": unit,
        "years": years,
        "lines": [
            {
                "item": line.item,
                "partner": names.get(line.partner or "", ""),
                "fund": line.fund or "",
                "note": line.note,
                "amounts": [
                    money(line.amounts[y], unit) if y in line.amounts else "" for y in years
                ],
            }
            for line in budget.lines
        ],
        "totals": [money(sums[y], unit) for y in years],
        "declared": [
            {
                "label": t.label
                or " ".join(v for v in (t.fund, t.partner, t.year) if v)
                or "Total",
                "amount": money(t.amount or 0, unit),
            }
            for t in budget.totals
        ],
        "by_fund": [
            {
                "fund": fund,
                "partner": names.get(partner, partner),
                "amounts": [money(group[y], unit) if y in group else "" for y in years],
            }
            for (fund, partner), group in budget.by_fund().items()
        ],
    }


def _risks(playbook: Playbook, names: dict[str, str]) -> list[dict[str, Any]]:
    risks = [
        {
            "id": r.id,
            "title": r.title,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "score": r.score,
            "owner": names.get(r.owner or "", r.owner or ""),
            "mitigation": r.mitigation,
            "status": r.status,
        }
        for r in playbook.risks
    ]
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


def _done_since(status: ProgrammeStatus, playbook: Playbook, day: date) -> list[dict[str, str]]:
    earlier = [d for p in playbook.papers if (d := p.meeting_day) and d < day]
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


__all__ = ["build_context", "choose_paper", "long_day"]
