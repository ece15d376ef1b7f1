"""The playbook format, version 1, defined once.

`check_playbook` validates a loaded playbook against it and `json_schema` turns
the same definition into the JSON Schema that `integrate schema` prints.
"""

from __future__ import annotations

from typing import Any

from integrate_cli.findings import Sink
from integrate_cli.loader import LocDict
from integrate_cli.schema_types import (
    BAD,
    Bool,
    DateText,
    Enum,
    F,
    Int,
    List,
    Map,
    Num,
    Obj,
    Str,
)

FORMAT_VERSION = 1
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]*"
ID_HINT = "ids are letters, digits, '-' and '_', starting with a letter or digit (no dots)"
# Money is added exactly (Decimal); no line or total in any paper comes near a trillion.
MAX_MONEY = 10**15
FY_KEY_PATTERN = r".+"  # financial years are checked by the FY-MALFORMED rule

STATUSES = ("not-started", "in-progress", "done", "blocked", "dropped")
STAGE_KINDS = ("mou-stage", "shadow", "go-live", "decision", "review", "milestone", "workstream")
PARTNER_KINDS = ("local-authority", "ccg", "icb", "nhs-trust", "other")
BODY_KINDS = (
    "cabinet",
    "full-council",
    "governing-body",
    "hwb",
    "joint-committee",
    "committees-in-common",
    "board",
    "other",
)
RAG_VALUES = ("red", "amber", "green")
UNITS = ("£", "£k", "£m")
FUNDS = ("pooled", "aligned")
NUMBERING = ("sections-and-paragraphs", "sections", "none")
# Blocks a paper's section can include; computed from the playbook (docs/templates.md).
PAPER_BLOCKS = (
    "recommendations",
    "progress",
    "decisions",
    "resources",
    "risks",
    "timeline",
    "next-steps",
    "agreements",
    "appendices",
)


def _id(what: str) -> Str:
    return Str(pattern=ID_PATTERN, pattern_hint=ID_HINT, noun=f"{what} id")


def _ref(what: str) -> Str:
    return Str(
        pattern=ID_PATTERN + r"(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)?",
        pattern_hint=ID_HINT,
        noun=f"reference to a {what}",
    )


TEXT = Str()
DATE = DateText()

RECORD = Obj(
    "record",
    {
        "on": F(DATE, "The date it happened (any date form; usually a day)."),
        "by": F(TEXT, "Who did it or recorded it."),
        "evidence": F(TEXT, "A minute reference, decision number or link."),
        "reason": F(TEXT, "Why (for blocked, reopened or forced items)."),
        "forced": F(Bool(), "True when a stage was completed with open criteria (--force)."),
    },
    "When, by whom and on what evidence a status was reached.",
)

HISTORY = List(
    item=Obj(
        "history entry",
        {
            **RECORD.fields,
            "status": F(Enum(values=STATUSES), "The status the record was for."),
            "body": F(_ref("body"), "For a decision: the body whose record it was."),
        },
        "An earlier record, kept when a newer one replaced it (never deleted).",
    )
)
HISTORY_HELP = "Earlier records, oldest first; integrate adds one whenever it replaces a record."

CRITERION = Obj(
    "criterion",
    {
        "id": F(_id("criterion"), "Unique within its stage.", required=True),
        "title": F(TEXT, "What must be true.", required=True),
        "status": F(Enum(values=STATUSES), "Where it stands; not-started when omitted."),
        "record": F(RECORD, "Required when done or blocked."),
        "history": F(HISTORY, HISTORY_HELP),
        "due": F(DATE, "When it must be met; defaults to the stage's due."),
        "owner": F(_ref("person, partner or body"), "Who is accountable."),
        "note": F(TEXT, "Free text."),
    },
    "A gate condition that must be met before its stage is done.",
)

DECISION = Obj(
    "decision",
    {
        "id": F(_id("decision"), "Unique within its stage.", required=True),
        "title": F(TEXT, "What is to be decided.", required=True),
        "bodies": F(List(item=_ref("body")), "Every body that must take it.", required=True),
        "due": F(DATE, "When it is needed; defaults to the stage's due."),
        "taken": F(Map(key=_id("body"), value=RECORD), "Body id to the record of its decision."),
        "history": F(HISTORY, HISTORY_HELP),
        "note": F(TEXT, "Free text."),
    },
    "A decision that each named body must take for itself.",
)

RAG = Obj(
    "rag override",
    {
        "value": F(
            Enum(values=RAG_VALUES), "The RAG to show instead of the computed one.", required=True
        ),
        "reason": F(TEXT, "Why the computed RAG is overridden.", required=True),
    },
    "A manual RAG override; status shows the reason.",
)

BASELINE = Obj(
    "baseline",
    {
        "due": F(DATE, "The due date agreed as the baseline.", required=True),
        "reason": F(TEXT, "Why the plan was re-baselined (who agreed it, where).", required=True),
        "on": F(DATE, "When the baseline was agreed."),
        "by": F(TEXT, "Who recorded it."),
    },
    "A declared baseline (integrate rebaseline); otherwise the first due date in git history.",
)

STAGE = Obj(
    "stage",
    {
        "id": F(_id("stage"), "Unique within the playbook.", required=True),
        "title": F(TEXT, "What the stage is.", required=True),
        "kind": F(Enum(values=STAGE_KINDS), "The kind of stage.", required=True),
        "start": F(DATE, "When it starts (any date form)."),
        "due": F(DATE, "When it must be done (any date form); status uses the window's end."),
        "depends_on": F(List(item=_ref("stage")), "Stages that must be done first."),
        "owner": F(_ref("person, partner or body"), "Who is accountable."),
        "status": F(Enum(values=STATUSES), "Where it stands; not-started when omitted."),
        "record": F(RECORD, "Required when done or blocked; for in-progress, when it started."),
        "history": F(HISTORY, HISTORY_HELP),
        "criteria": F(List(item=CRITERION), "The gate: what must be true before it is done."),
        "decisions": F(List(item=DECISION), "Decisions that named bodies must each take."),
        "rag": F(RAG, "A manual RAG override with its reason."),
        "description": F(TEXT, "Free text."),
        "source": F(TEXT, "Where this comes from, e.g. a paper and paragraph."),
        "baseline": F(BASELINE, "The agreed due date slippage is measured from."),
    },
    "A step of the staged plan.",
)

PARTNER = Obj(
    "partner",
    {
        "id": F(_id("partner"), "Unique within the playbook.", required=True),
        "name": F(TEXT, "The organisation's name.", required=True),
        "kind": F(Enum(values=PARTNER_KINDS), "The kind of organisation.", required=True),
        "short": F(TEXT, "A short name used in tables (e.g. LBH)."),
    },
    "A sovereign organisation with its own statutory duties.",
)

REGIONS = ("ENG", "WLS", "SCT", "NIR")  # bank holidays (meetings.py)
PUBLICATION = Obj(
    "publication rules",
    {
        "clear_days": F(
            Int(minimum=0, maximum=60), "Clear days between agenda and meeting (default 5)."
        ),
        "weekends_count": F(
            Bool(), "True when weekends and bank holidays count as clear days (default false)."
        ),
        "region": F(Enum(values=REGIONS), "Whose bank holidays: ENG (default), WLS, SCT or NIR."),
        "closures": F(List(item=DATE), "Days the office is closed, which never count."),
        "clearance": F(
            List(
                item=Obj(
                    "clearance step",
                    {
                        "name": F(TEXT, "What is due (draft to legal and finance).", required=True),
                        "working_days": F(
                            Int(minimum=0, maximum=250),
                            "Working days before the meeting.",
                            required=True,
                        ),
                    },
                    "An internal step with its lead time.",
                )
            ),
            "Internal clearance steps before each meeting.",
        ),
    },
    "How the body's deadlines are counted (docs/deadlines.md).",
)
# A body's calendar and rules: in the playbook, or in .integrate.yaml under bodies.ID
BODY_CALENDAR = {
    "meetings": F(List(item=DATE), "The body's meeting days (its committee calendar)."),
    "publication": F(PUBLICATION, "How its agenda and clearance deadlines are counted."),
}
BODY = Obj(
    "body",
    {
        "id": F(_id("body"), "Unique within the playbook.", required=True),
        "name": F(TEXT, "The body's name.", required=True),
        "kind": F(Enum(values=BODY_KINDS), "The kind of body.", required=True),
        "partners": F(List(item=_ref("partner")), "The partner(s) it belongs to.", required=True),
        **BODY_CALENDAR,
    },
    "A decision-making body of one or more partners.",
)

PERSON = Obj(
    "person",
    {
        "id": F(_id("person"), "Unique within the playbook.", required=True),
        "name": F(TEXT, "Name, or a post title.", required=True),
        "role": F(TEXT, "Job title."),
        "partner": F(_ref("partner"), "The partner they work for."),
        "email": F(TEXT, "Email address."),
        "phone": F(TEXT, "Telephone number (quote it)."),
    },
    "An owner or contact.",
)

LINE = Obj(
    "budget line",
    {
        "item": F(TEXT, "What the money is for.", required=True),
        "partner": F(_ref("partner"), "Whose money it is."),
        "fund": F(Enum(values=FUNDS), "Pooled or aligned."),
        "amounts": F(
            Map(key=Str(pattern=FY_KEY_PATTERN), value=Num(-MAX_MONEY, MAX_MONEY)),
            "Financial year (2018/19) to amount, in the budget's unit.",
            required=True,
        ),
        "note": F(TEXT, "Free text, e.g. how the figure was estimated."),
    },
    "One line of a budget.",
)

TOTAL = Obj(
    "declared total",
    {
        "amount": F(
            Num(-MAX_MONEY, MAX_MONEY),
            "The total as declared (e.g. as a paper prints it).",
            required=True,
        ),
        "year": F(Str(), "Sum only this financial year."),
        "partner": F(_ref("partner"), "Sum only this partner's lines."),
        "fund": F(Enum(values=FUNDS), "Sum only pooled or only aligned lines."),
        "label": F(TEXT, "How the total is labelled."),
    },
    "A declared total, checked against the sum of the lines it matches.",
)

BUDGET = Obj(
    "budget",
    {
        "id": F(_id("budget"), "Unique within the playbook.", required=True),
        "title": F(TEXT, "What the budget is.", required=True),
        "unit": F(Enum(values=UNITS), "The unit of every amount; £ when omitted."),
        "tolerance": F(
            Num(0, MAX_MONEY), "Declared rounding tolerance, in the unit (papers round to £m)."
        ),
        "lines": F(List(item=LINE), "The lines.", required=True),
        "totals": F(List(item=TOTAL), "Declared totals."),
        "source": F(TEXT, "Where the figures come from."),
    },
    "Money by UK financial year.",
)

RISK = Obj(
    "risk",
    {
        "id": F(_id("risk"), "Unique within the playbook.", required=True),
        "title": F(TEXT, "The risk.", required=True),
        "likelihood": F(
            Int(minimum=1, maximum=5), "1 (rare) to 5 (almost certain).", required=True
        ),
        "impact": F(Int(minimum=1, maximum=5), "1 (negligible) to 5 (severe).", required=True),
        "owner": F(_ref("person, partner or body"), "Who manages it."),
        "mitigation": F(TEXT, "What is being done about it."),
        "status": F(Enum(values=("open", "closed")), "open when omitted."),
    },
    "An entry in the risk register.",
)

AGREEMENT = Obj(
    "agreement",
    {
        "id": F(_id("agreement"), "Unique within the playbook.", required=True),
        "title": F(TEXT, "The agreement (MoU, Section 75...).", required=True),
        "partners": F(List(item=_ref("partner")), "The parties."),
        "starts": F(DATE, "When it takes effect."),
        "ends": F(DATE, "When it ends."),
        "review": F(DATE, "When it is formally reviewed."),
        "notice": F(TEXT, "Notice period to terminate or break, e.g. '6 months'."),
        "break_clause": F(TEXT, "The break clause as agreed."),
        "signatories": F(List(item=TEXT), "Who signs it."),
    },
    "A formal agreement with its term, review and break clause.",
)

PAPER = Obj(
    "paper",
    {
        "id": F(_id("paper"), "Unique within the playbook.", required=True),
        "title": F(TEXT, "The paper's title.", required=True),
        "template": F(TEXT, "The template it is written with (cabinet, hwb, highlight...)."),
        "meeting": F(
            Obj(
                "meeting",
                {
                    "body": F(_ref("body"), "The body it goes to.", required=True),
                    "date": F(DATE, "The meeting date.", required=True),
                    "item": F(TEXT, "Agenda item number."),
                    "reference": F(TEXT, "Forward plan or decision reference."),
                    "next": F(DATE, "The date of the following meeting, for 'due before next'."),
                },
                "The meeting.",
            ),
            "The meeting the paper goes to.",
            required=True,
        ),
        "wards": F(List(item=TEXT), "Wards affected (e.g. All)."),
        "key_decision": F(Bool(), "True for a key decision (on the forward plan)."),
        "exempt": F(Bool(), "True for an exempt (closed) item."),
        "exempt_paragraph": F(
            Int(minimum=1, maximum=7),
            "The paragraph of Schedule 12A to the Local Government Act 1972 it is exempt under.",
        ),
        "exemption": F(TEXT, "Why it is exempt (the public interest test), for exempt items."),
        "author": F(TEXT, "Report author (a person id or a name)."),
        "lead_member": F(TEXT, "Lead (cabinet) member (a person id or a name)."),
        "lead_officer": F(TEXT, "Lead officer (a person id or a name)."),
        "report_from": F(TEXT, "Who the report is from, as printed."),
        "contacts": F(List(item=TEXT), "Contacts (person ids or names)."),
        "summary": F(TEXT, "Summary (Markdown)."),
        "recommendations": F(
            List(
                item=Obj(
                    "recommendation",
                    {
                        "text": F(TEXT, "What the body is asked to do.", required=True),
                        "body": F(_ref("body"), "The body asked, when not the meeting's."),
                        "decision": F(_ref("stage.decision"), "The decision it asks for."),
                    },
                    "A numbered recommendation.",
                )
            ),
            "Recommendations, numbered in order.",
        ),
        "numbering": F(
            Enum(values=NUMBERING),
            "How the sections are numbered: sections-and-paragraphs (1, 1.1...; the default "
            "for cabinet and hwb), sections (headings only) or none.",
        ),
        "sections": F(
            List(
                item=Obj(
                    "section",
                    {
                        "title": F(TEXT, "Section heading, as printed.", required=True),
                        "key": F(
                            TEXT, "What the section is (issue, resources...); see the template."
                        ),
                        "text": F(TEXT, "Markdown; each paragraph is numbered."),
                        "file": F(TEXT, "A Markdown file beside the playbook holding the text."),
                        "include": F(
                            List(item=Enum(values=PAPER_BLOCKS)),
                            "Computed blocks printed after the text, in this order.",
                        ),
                        "numbered": F(Bool(), "False to leave its paragraphs unnumbered."),
                    },
                    "A section of the paper, in the author's order.",
                )
            ),
            "The paper's sections, in order.",
        ),
        "attachments": F(List(item=TEXT), "Appendices."),
        "background_papers": F(List(item=TEXT), "Background papers."),
        "notices": F(
            Obj(
                "notices",
                {
                    "key_decision": F(DATE, "The key decision went on the forward plan."),
                    "private_meeting": F(DATE, "Notice of the intention to meet in private."),
                    "general_exception": F(DATE, "The general exception notice (reg 10)."),
                    "special_urgency": F(DATE, "The chair agreed it cannot wait (reg 11)."),
                    "agenda": F(DATE, "The agenda with the paper was published."),
                },
                "Notices given for the paper, each the day it was given.",
            ),
            "Notices given; validate checks each against its last lawful day.",
        ),
    },
    "A committee paper written from the playbook.",
)

PROGRAMME = Obj(
    "programme",
    {
        "id": F(_id("programme"), "A short id for the programme.", required=True),
        "title": F(TEXT, "The programme's title.", required=True),
        "area": F(TEXT, "The place it covers."),
        "description": F(TEXT, "Free text."),
        "sro": F(TEXT, "Senior responsible owner (a person id or a name)."),
        "amber_days": F(
            Int(minimum=0, maximum=365),
            "Days before a due date at which status turns amber (default 14).",
        ),
    },
    "The programme.",
)

PLAYBOOK = Obj(
    "playbook",
    {
        "version": F(Int(minimum=1), "The format version: 1.", required=True),
        "programme": F(PROGRAMME, "The programme.", required=True),
        "partners": F(List(item=PARTNER), "Sovereign organisations.", required=True),
        "bodies": F(List(item=BODY), "Decision-making bodies."),
        "people": F(List(item=PERSON), "Owners and contacts."),
        "stages": F(List(item=STAGE), "The staged plan.", required=True),
        "budgets": F(List(item=BUDGET), "Money by financial year."),
        "risks": F(List(item=RISK), "The risk register."),
        "agreements": F(List(item=AGREEMENT), "MoUs and agreements."),
        "papers": F(List(item=PAPER), "Papers written from this playbook."),
    },
    "An integration programme playbook (integrate, format version 1).",
)


def check_playbook(data: LocDict, sink: Sink) -> LocDict:
    """Check a loaded playbook against the format; returns it with unusable values dropped."""
    version = data.get("version")
    if version is not None and version != FORMAT_VERSION and not isinstance(version, bool):
        sink.add(
            "SCHEMA-VERSION",
            data.pos("version"),
            f"format version {version!r} is not one this tool knows",
            "write 'version: 1'",
            where="version",
        )
    checked: Any = PLAYBOOK.check(data, data.at, "", sink)
    return data if checked is BAD else checked


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the playbook format."""
    schema = PLAYBOOK.schema()
    schema["properties"]["version"]["const"] = FORMAT_VERSION
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
