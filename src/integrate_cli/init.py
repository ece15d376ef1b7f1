"""Scaffold a playbook repository: a playbook from a pattern, its schema, CI and hooks."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from integrate_cli.errors import InputError, UsageError
from integrate_cli.fsutil import atomic_write
from integrate_cli.spec import json_schema

PATTERNS = ("mou", "shadow-year", "ics-transition")
MAX_SLUG = 60  # the playbook's file name and id come from the title
PAPER_AFTER_DAYS = 28  # the scaffold's paper goes to a Cabinet four weeks after the start

PRE_COMMIT = """\
# Check playbooks before each commit: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: integrate-validate
        name: integrate validate
        entry: integrate validate
        language: system
        types: [yaml]
        files: ^playbooks/
"""

WORKFLOW = """\
name: integrate
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: python -m pip install integrate-cli
      - run: integrate validate playbooks/   # annotations appear on the pull request
"""

TEMPLATES_README = """\
# Paper templates

Put a file here to override a built-in paper or add your own:

- `cabinet.md.j2` replaces the built-in cabinet report, `hwb.md.j2` the Health and
  Wellbeing Board paper, `highlight.md.j2` the highlight report;
- any other `NAME.md.j2` is used with `integrate render-report PLAYBOOK -t NAME`.

Templates are Markdown with Jinja; every variable they can use is listed in the
integrate documentation (docs/templates.md). Word, PDF and HTML are all made from
the Markdown the template writes.
"""

README = """\
# {title}

The integration playbook for this programme, kept with `integrate`.

Every week:

```console
integrate status                       # where every stage stands today
integrate timeline playbooks/{name}.yaml
```

When something happens:

```console
integrate complete playbooks/{name}.yaml STAGE.CRITERION --by NAME --evidence "Minute 12"
integrate complete playbooks/{name}.yaml STAGE.DECISION --body BODY --evidence "Minute 7"
```

Before each committee:

```console
integrate render-report playbooks/{name}.yaml -o paper.docx   # the cabinet paper
```

`integrate validate` runs on every pull request (.github/workflows/integrate.yml)
and before each commit with pre-commit (.pre-commit-config.yaml).
"""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower())[:MAX_SLUG].strip("-")
    return slug or "programme"


def _title(name: str) -> str:
    """Return the programme's title as a YAML scalar that reads back as exactly `name`."""
    if not name.strip():
        raise UsageError("--name is empty; give the programme's title")
    bad = next((c for c in name if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F), None)
    if bad is not None:
        raise UsageError(
            f"--name contains a control character (U+{ord(bad):04X}); give the title on one line"
        )
    return json.dumps(name, ensure_ascii=False)  # a double-quoted YAML scalar


def _fy(day: date, offset: int) -> str:
    first = (day.year if day.month >= 4 else day.year - 1) + offset
    return f"{first}/{(first + 1) % 100:02d}"


def scaffold(pattern: str, name: str, start: date) -> dict[str, str]:
    """Return the files of a new playbook repo: relative path -> text."""
    if pattern not in PATTERNS:
        raise UsageError(f"no pattern {pattern!r}; use one of {', '.join(PATTERNS)}")
    title = _title(name)
    slug = _slug(name)
    folder = resources.files("integrate_cli.scaffold")
    source = (folder / f"{pattern}.yaml").read_text("utf-8")
    source += (folder / "paper.yaml").read_text("utf-8")  # every pattern has a paper
    playbook = source.format(
        id=slug,
        title=title,
        start=start.isoformat(),
        fy1=_fy(start, 0),
        fy2=_fy(start, 1),
        paper_title=json.dumps(f"{name}: progress report", ensure_ascii=False),
        meeting=(start + timedelta(days=PAPER_AFTER_DAYS)).isoformat(),
    )
    return {
        f"playbooks/{slug}.yaml": playbook,
        "playbook.schema.json": json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n",
        "templates/README.md": TEMPLATES_README,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/integrate.yml": WORKFLOW,
        "README.md": README.format(title=name, name=slug),
    }


def write_scaffold(root: Path, files: dict[str, str], *, force: bool) -> list[Path]:
    """Write the files under `root`; refuses to overwrite any unless `force`."""
    try:
        existing = [path for path in files if (root / path).exists()]
    except OSError as exc:
        raise InputError(f"{root}: cannot be used: {exc.strerror or exc}") from None
    if existing and not force:
        raise UsageError(
            f"{root}: would overwrite {', '.join(existing)}; use --force to replace them"
        )
    written = []
    for relative, text in files.items():
        target = root / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"{target.parent}: cannot create this directory: {exc.strerror or exc}"
            ) from None
        atomic_write(target, text.encode("utf-8"))
        written.append(target)
    return written
