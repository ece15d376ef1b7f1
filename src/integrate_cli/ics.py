"""An iCalendar (RFC 5545) feed of deadlines, written by hand: all-day events, stable UIDs.

Pure text: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character),
TEXT values escaped. The same deadlines and stamp give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from integrate_cli.deadlines import Deadline

PRODID = "-//integrate//committee deadlines//EN"
LIMIT = 75  # octets per line, CRLF not counted (RFC 5545 3.1)
KIND_NAMES = {
    "clearance": "Clearance",
    "key-decision-notice": "Key decision notice",
    "private-meeting-notice": "Private meeting notice",
    "agenda": "Agenda publication",
    "meeting": "Meeting",
    "agreement-notice": "Agreement notice",
    "agreement-review": "Agreement review",
    "agreement-ends": "Agreement ends",
    "stage-due": "Stage due",
}


def escape(text: str) -> str:
    """Return `text` as an iCalendar TEXT value: backslash, ';', ',' and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in text if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def fold(line: str) -> str:
    """Return one content line folded: at most 75 octets each, continuations begin ' '."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > LIMIT:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(day: date) -> str:
    return f"{day:%Y%m%d}T000000Z"


def _event(deadline: Deadline, stamp: str) -> list[str]:
    kind = KIND_NAMES.get(deadline.kind, deadline.kind)
    lines = [f"Playbook: {deadline.playbook}"]
    if deadline.stage:
        lines.append(f"Stage: {deadline.belongs_to} ({deadline.stage})")
    else:
        lines += [f"{kind}: {deadline.what}", f"For: {deadline.belongs_to}"]
    lines.append(f"File: {deadline.path}")
    stage = deadline.kind == "stage-due"
    summary = deadline.what if stage else f"{deadline.what}: {deadline.belongs_to}"
    return [
        "BEGIN:VEVENT",
        f"UID:{escape(deadline.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{deadline.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{deadline.day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(lines))}",
        f"CATEGORIES:{escape(kind)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_text(deadlines: Iterable[Deadline], *, name: str, stamp: date) -> str:
    """Return the iCalendar feed of `deadlines`, one all-day event each, in their order.

    `stamp` is every event's DTSTAMP (midnight UTC), so the feed depends on its input
    alone; `name` is the calendar's display name.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    text = _stamp(stamp)
    seen: set[str] = set()
    for deadline in deadlines:
        if deadline.uid in seen:  # one event per UID: the first (soonest) wins
            continue
        seen.add(deadline.uid)
        lines += _event(deadline, text)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
