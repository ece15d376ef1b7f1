"""The template context of a paper: the playbook's facts as a committee paper needs them.

Every variable is documented in docs/templates.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from integrate_cli.errors import UsageError
from integrate_cli.model import Playbook
from integrate_cli.report.blocks import PaperStatus, long_day
from integrate_cli.report.money import budget_block, money_headline
from integrate_cli.report.since import progress_since
from integrate_cli.report.summary import decisions_by_decision, issues, overall_why, rag_counts
from integrate_cli.resolve import resolved
from integrate_cli.sections import Paper
from integrate_cli.status import Sought, programme_status
from integrate_cli.timeline import chart

NEXT_STEPS_DAYS = 91  # when the paper names no next meeting: the next quarter


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
    body = meeting.body if meeting else ""
    # Written before its meeting: what the meeting decides that day is sought, not taken.
    before = meeting_day if meeting_day and body and day <= meeting_day else None
    sought = Sought(body, before) if before else None
    status = programme_status(playbook, day, sought=sought)  # the one status of this paper
    names = playbook.names()
    view = PaperStatus(playbook, status, before, names.get(body, body) if body else "", names)
    horizon = next_day or _shifted(day, NEXT_STEPS_DAYS)
    since = _previous_meeting(playbook, meeting_day or day)
    start = since or _shifted(day, -NEXT_STEPS_DAYS)
    done, total = view.readiness()
    budgets = playbook.budgets
    return {
        "programme": {
            "id": playbook.id,
            "title": playbook.title,
            "area": playbook.area,
            "description": playbook.description,
            "sro": _person(playbook, playbook.sro),
        },
        "partners": [
            {"id": p.id, "name": p.name, "kind": p.kind, "short": p.short}
            for p in playbook.partners
        ],
        "as_of": long_day(day),
        "as_of_iso": day.isoformat(),
        "period": {"start": long_day(start), "end": long_day(day), "first": since is None},
        "paper": _paper(playbook, paper, view),
        "status": {
            "rag": status.rag,
            "done": done,
            "total": total,
            "readiness": round(100 * done / total) if total else 0,
            "why": overall_why(view),
            "counts": rag_counts(view),
            "stages": view.stages(),
            "overdue": view.overdue(),
        },
        "budgets": [budget_block(b, names) for b in budgets],
        "money": [line for b in budgets if (line := money_headline(b, names))],
        "risks": _risks(playbook, names),
        "next_steps": view.due_between(day, horizon),
        "next_steps_until": view.date_words(meeting.next)
        if meeting and next_day
        else long_day(horizon),
        "done_since": view.done_between(start, day),
        "progress_since": progress_since(playbook, since, day, view.date_words),
        "decisions_needed": view.decisions_sought(),
        "decisions": decisions_by_decision(view),
        "issues": issues(view),
        "agreements": [
            {
                "id": a.id,
                "title": a.title,
                "starts": view.date_words(a.starts) if a.starts.text else "",
                "ends": view.date_words(a.ends) if a.ends.text else "",
                "review": view.date_words(a.review) if a.review.text else "",
                "notice": a.notice,
                "break_clause": a.break_clause,
            }
            for a in playbook.agreements
        ],
        "timeline_chart": chart(
            status,
            at_meeting={s.stage.id for s in status.stages if view.stage_at_meeting(s)},
            words=view.date_words,
        ),
    }


def _paper(playbook: Playbook, paper: Paper | None, view: PaperStatus) -> dict[str, Any]:
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
    meeting, names = paper.meeting, view.names
    body = meeting.body if meeting else ""
    return {
        "id": paper.id,
        "title": paper.title,
        "meeting": {
            "body": body,
            "body_name": names.get(body, body),
            "date": view.date_words(meeting.date) if meeting else "",
            "item": meeting.item if meeting else "",
            "reference": meeting.reference if meeting else "",
            "next": view.date_words(meeting.next) if meeting and meeting.next.text else "",
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


def _shifted(day: date, days: int) -> date:
    """Return `day` moved by `days`, held at the first or last day a date can be."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def _previous_meeting(playbook: Playbook, day: date) -> date | None:
    """Return the meeting day of the paper before `day` (None when this is the first)."""
    earlier = [d for p in playbook.papers if (d := p.meeting_day) and d < day]
    return max(earlier) if earlier else None


__all__ = ["build_context", "choose_paper", "long_day"]
