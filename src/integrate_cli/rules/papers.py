"""Rules about papers: each is complete for its template, and its narrative files can be read."""

from __future__ import annotations

from pathlib import Path

from integrate_cli.errors import IntegrateError
from integrate_cli.report.narrative import NarrativeError, read_narrative
from integrate_cli.rulebook import Context, rule
from integrate_cli.sections import Paper

# What a template can require besides a section: a paper field that is not empty.
_FIELDS = {
    "summary": lambda p: p.summary,
    "recommendations": lambda p: p.recommendations,
    "contacts": lambda p: p.contacts,
    "author": lambda p: p.author,
    "lead_officer": lambda p: p.lead_officer,
    "wards": lambda p: p.wards,
    "attachments": lambda p: p.attachments,
    "background_papers": lambda p: p.background_papers,
}


@rule("PAPER-FILE")
def section_files_readable(context: Context) -> None:
    """A section's `file:` names a Markdown file holding its text. The path is relative to
    the playbook and must stay inside the playbook's own folder (no absolute path, no
    `../`, no link leading out), like a paper's images; the file must be a regular UTF-8
    .md, .markdown or .txt file of at most 1 MiB. A paper cannot be written without it.

    PASS:
        stages: []
        papers:
          - id: p1
            title: A paper
            meeting: {body: cabinet, date: 8 November 2017}
            sections:
              - {title: The issue, text: Why this paper.}

    FAIL (7:35):
        stages: []
        papers:
          - id: p1
            title: A paper
            meeting: {body: cabinet, date: 8 November 2017}
            sections:
              - {title: The report, file: ../outside/report.md}
    """
    folder: Path | None = None  # found once, and only for a section that names a file
    for paper in context.playbook.papers:
        for section in paper.sections:
            if not section.file or section.raw is None:
                continue
            folder = folder or Path(context.playbook.path).resolve().parent
            try:
                read_narrative(folder, section.file)
            except NarrativeError as exc:
                context.sink.add(
                    "PAPER-FILE",
                    section.raw.pos("file"),
                    f"paper '{paper.id}', section '{section.title}': {exc}",
                    "put the Markdown file in the playbook's folder (or a folder inside it) "
                    "and name it relative to the playbook",
                    where=f"papers.{paper.id}.sections",
                )


@rule("PAPER-SECTION-MISSING")
def papers_complete(context: Context) -> None:
    """A template declares the sections its layout needs (`requires:` in its opening
    comment; the cabinet template needs issue, recommendations, resources, statutory,
    report, rationale, options, consultation and risk). A paper written with it must have
    each one: a paper field of that name (summary, recommendations, contacts...) that is
    not empty, or for any other name a section whose `key` is that name or which
    `include`s that block. Papers that name no `template` are not checked; the template is
    found as render-report finds it.

    PASS:
        stages: []
        papers:
          - id: p1
            title: A paper
            template: hwb
            meeting: {body: cabinet, date: 8 November 2017}
            recommendations:
              - text: Note the report.

    FAIL (5:15):
        stages: []
        papers:
          - id: p1
            title: A paper
            template: hwb
            meeting: {body: cabinet, date: 8 November 2017}
    """
    papers = [p for p in context.playbook.papers if p.template]
    if not papers:
        return
    # Only a playbook with papers pays for the template lookup (importlib.resources).
    from integrate_cli.report.templates import find_template, template_rules

    for paper in papers:
        try:
            source, _ = find_template(paper.template, context.playbook.path)
        except IntegrateError:
            continue  # render-report names the unknown template
        missing = [n for n in template_rules(source).requires if not _has(paper, n)]
        if missing:
            names = ", ".join(f"'{n}'" for n in missing)
            context.sink.add(
                "PAPER-SECTION-MISSING",
                paper.raw.pos("template"),
                f"paper '{paper.id}' has no {names} (the {paper.template} template needs "
                f"{'it' if len(missing) == 1 else 'them'})",
                f"give the paper '{missing[0]}:'"
                if missing[0] in _FIELDS
                else f"add a section with 'key: {missing[0]}' (or one that includes it)",
                where=f"papers.{paper.id}",
            )


def _has(paper: Paper, name: str) -> bool:
    field = _FIELDS.get(name)
    if field is not None:
        return bool(field(paper))
    return any(s.key == name or name in s.include for s in paper.sections)
