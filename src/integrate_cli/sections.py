"""The playbook's registers as typed values: partners, people, risks, agreements and
papers, each built once from checked data and keeping its source mapping (`raw`) for
positions (budgets are in budget.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from integrate_cli.dates import ABSENT, When
from integrate_cli.loader import LocDict, LocList


def text(data: LocDict, key: str, default: str = "") -> str:
    """Return the text at `data[key]`, else `default`."""
    value = data.get(key)
    return value if isinstance(value, str) else default


def optional(data: LocDict, key: str) -> str | None:
    """Return the text at `data[key]`, else None."""
    value = data.get(key)
    return value if isinstance(value, str) else None


def mappings(data: LocDict, key: str) -> list[LocDict]:
    """Return the mappings in the list at `data[key]` (none when it is not a list)."""
    value = data.get(key)
    return (
        [item for item in value if isinstance(item, LocDict)] if isinstance(value, LocList) else []
    )


def texts(data: LocDict, key: str) -> list[str]:
    """Return the texts in the list at `data[key]`."""
    value = data.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, LocList) else []


@dataclass(slots=True, eq=False)
class Partner:
    """A sovereign organisation with its own statutory duties."""

    id: str
    name: str
    kind: str
    short: str
    raw: LocDict


@dataclass(slots=True, eq=False)
class Person:
    """An owner or contact."""

    id: str
    name: str
    role: str
    partner: str | None
    email: str
    phone: str
    raw: LocDict


@dataclass(slots=True, eq=False)
class Risk:
    """An entry in the risk register; `score` is likelihood times impact (0 when unknown)."""

    id: str
    title: str
    likelihood: int
    impact: int
    owner: str | None
    mitigation: str
    status: str
    raw: LocDict

    @property
    def score(self) -> int:
        """Return likelihood times impact."""
        return self.likelihood * self.impact


@dataclass(slots=True, eq=False)
class Agreement:
    """A formal agreement with its term; its dates are set when resolved (resolve.py)."""

    id: str
    title: str
    partners: list[str]
    notice: str
    break_clause: str
    raw: LocDict
    starts: When = ABSENT
    ends: When = ABSENT
    review: When = ABSENT

    def written(self, key: str) -> str:
        """Return a date of the agreement as written ('' when none)."""
        return text(self.raw, key)


@dataclass(slots=True, eq=False)
class Meeting:
    """The meeting a paper goes to; its dates are set when resolved (resolve.py)."""

    body: str
    item: str
    reference: str
    raw: LocDict
    date: When = ABSENT
    next: When = ABSENT


@dataclass(slots=True, eq=False)
class Recommendation:
    """A numbered recommendation; `body` is the body asked ('' for the meeting's)."""

    text: str
    body: str


@dataclass(slots=True, eq=False)
class Section:
    """A section of a paper: its narrative (`text`, or the Markdown `file` beside the
    playbook), the computed blocks it `include`s, and whether its paragraphs are numbered
    (None: as the paper's numbering says)."""

    title: str
    key: str
    text: str
    file: str = ""
    include: list[str] = field(default_factory=list)
    numbered: bool | None = None
    raw: LocDict | None = field(default=None, repr=False)


@dataclass(slots=True, eq=False)
class Paper:
    """A committee paper written from the playbook."""

    id: str
    title: str
    template: str
    meeting: Meeting | None
    wards: list[str]
    exempt: bool
    exemption: str
    author: str
    lead_officer: str
    report_from: str
    contacts: list[str]
    summary: str
    recommendations: list[Recommendation]
    sections: list[Section]
    attachments: list[str]
    background_papers: list[str]
    raw: LocDict = field(repr=False)
    notices: dict[str, When] = field(default_factory=dict)  # kind -> day given (resolve.py)
    lead_member: str = ""
    key_decision: bool = False
    exempt_paragraph: int | None = None
    numbering: str = ""  # sections-and-paragraphs, sections, none; "" for the template's

    @property
    def meeting_day(self) -> date | None:
        """Return the last day the meeting date can mean (None when unknown)."""
        return self.meeting.date.window.end if self.meeting else None


def partner(data: LocDict) -> Partner:
    """Return the partner in checked data."""
    return Partner(
        text(data, "id"), text(data, "name"), text(data, "kind"), text(data, "short"), data
    )


def person(data: LocDict) -> Person:
    """Return the person in checked data."""
    return Person(
        text(data, "id"),
        text(data, "name"),
        text(data, "role"),
        optional(data, "partner"),
        text(data, "email"),
        text(data, "phone"),
        data,
    )


def risk(data: LocDict) -> Risk:
    """Return the risk in checked data (likelihood and impact 0 when not whole numbers)."""

    def whole(key: str) -> int:
        value = data.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    return Risk(
        text(data, "id"),
        text(data, "title"),
        whole("likelihood"),
        whole("impact"),
        optional(data, "owner"),
        text(data, "mitigation"),
        text(data, "status", "open"),
        data,
    )


def agreement(data: LocDict) -> Agreement:
    """Return the agreement in checked data (its dates unresolved)."""
    return Agreement(
        text(data, "id"),
        text(data, "title"),
        texts(data, "partners"),
        text(data, "notice"),
        text(data, "break_clause"),
        data,
    )


def paper(data: LocDict) -> Paper:
    """Return the paper in checked data (its meeting's dates unresolved)."""
    raw = data.get("meeting")
    meeting = None
    if isinstance(raw, LocDict):
        meeting = Meeting(text(raw, "body"), text(raw, "item"), text(raw, "reference"), raw)
    return Paper(
        text(data, "id"),
        text(data, "title"),
        text(data, "template"),
        meeting,
        texts(data, "wards"),
        data.get("exempt") is True,
        text(data, "exemption"),
        text(data, "author"),
        text(data, "lead_officer"),
        text(data, "report_from"),
        texts(data, "contacts"),
        text(data, "summary"),
        [
            Recommendation(text(r, "text"), text(r, "body"))
            for r in mappings(data, "recommendations")
        ],
        [_section(s) for s in mappings(data, "sections")],
        texts(data, "attachments"),
        texts(data, "background_papers"),
        data,
        lead_member=text(data, "lead_member"),
        key_decision=data.get("key_decision") is True,
        exempt_paragraph=_whole(data.get("exempt_paragraph")),
        numbering=text(data, "numbering"),
    )


def _section(data: LocDict) -> Section:
    numbered = data.get("numbered")
    return Section(
        text(data, "title"),
        text(data, "key"),
        text(data, "text"),
        text(data, "file"),
        texts(data, "include"),
        numbered if isinstance(numbered, bool) else None,
        data,
    )


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
