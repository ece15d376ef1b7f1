"""Where paper templates come from: a path, two documented folders, or the built-ins.

A name (`-t cabinet`) is looked up, in this order and nowhere else:

1. `templates/NAME.md.j2` in the playbook's repository: the nearest folder above the
   playbook holding `.git`, when that folder and its `.git` belong to the user running
   the command (as git itself checks); otherwise the playbook's own folder;
2. `templates/NAME.md.j2` in the current directory;
3. the built-in template NAME.

A folder above the repository (or above the playbook, outside git) is never searched, so
whoever can write `/tmp/templates` cannot replace the paper of a playbook under /tmp.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from integrate_cli.errors import InputError, UsageError
from integrate_cli.fsutil import Unreadable, read_text_file
from integrate_cli.report.limits import MAX_TEMPLATE_BYTES

SUFFIX = ".md.j2"
BUILTIN_MARK = " (built-in)"
NUMBERING_DEFAULT = "sections-and-paragraphs"
_HEADER = re.compile(r"\A\s*\{#(.*?)#\}", re.DOTALL)
_DECLARATION = re.compile(r"^\s*(requires|numbering)\s*:\s*(.*?)\s*$", re.MULTILINE)


class TemplateRules(NamedTuple):
    """What a template declares in its opening comment: the sections a paper needs and the
    numbering a paper gets when it names none."""

    requires: tuple[str, ...] = ()
    numbering: str = NUMBERING_DEFAULT


def template_rules(source: str) -> TemplateRules:
    """Return the declarations in the template's opening `{# ... #}` comment.

    `requires: issue, recommendations, resources` lists the section keys (or included
    blocks, or paper fields such as summary) a paper written with it must have;
    `numbering: sections` sets the numbering a paper gets when it names none.
    """
    header = _HEADER.match(source)
    found = dict(_DECLARATION.findall(header.group(1))) if header else {}
    requires = tuple(n for n in re.split(r"[,\s]+", found.get("requires", "")) if n)
    numbering = found.get("numbering", "") or NUMBERING_DEFAULT
    return TemplateRules(requires, numbering)


def _builtin_folder() -> Path:
    """Return the folder of the built-in templates (installed with the package).

    Found from the package itself: importlib.resources would load tempfile and more on
    the start-up path of every command that checks a paper, `status` included.
    """
    from importlib.util import find_spec

    spec = find_spec("integrate_cli.templates")
    assert spec is not None and spec.submodule_search_locations  # shipped with the package
    return Path(spec.submodule_search_locations[0])


def builtin_names() -> list[str]:
    """Return the names of the built-in templates."""
    folder = _builtin_folder()
    return sorted(p.name[: -len(SUFFIX)] for p in folder.iterdir() if p.name.endswith(SUFFIX))


def repository_root(playbook_path: str) -> Path:
    """Return the playbook's repository root: the nearest own folder with `.git` above it.

    Without one, the playbook's own folder. A folder (or its `.git`) owned by another user
    is not taken as the root, so a `.git` planted in a shared folder changes nothing.
    """
    folder = Path(os.path.abspath(playbook_path)).parent
    for candidate in (folder, *folder.parents):
        marker = candidate / ".git"
        if os.path.lexists(marker):
            if _owned(candidate) and _owned(marker):
                return candidate
            break
    return folder


def _owned(path: Path) -> bool:
    if not hasattr(os, "geteuid"):
        return True
    try:
        return os.lstat(path).st_uid == os.geteuid()
    except OSError:
        return False


def search_folders(playbook_path: str) -> list[Path]:
    """Return the folders whose `templates/` a template name is looked up in, in order."""
    folders = [repository_root(playbook_path), Path.cwd()]
    return [f for n, f in enumerate(folders) if f not in folders[:n]]


def find_template(name: str, playbook_path: str) -> tuple[str, str]:
    """Return (source, file name) of template `name`: a path, a documented folder, a built-in."""
    if Path(name).suffix or "/" in name or os.sep in name:
        return read_template(Path(name)), name
    for folder in search_folders(playbook_path):
        candidate = folder / "templates" / f"{name}{SUFFIX}"
        if os.path.lexists(candidate):
            return read_template(candidate), str(candidate)
    builtin = _builtin_folder() / f"{name}{SUFFIX}"
    if not builtin.is_file():
        raise UsageError(
            f"no template '{name}'; built-in templates: "
            f"{', '.join(builtin_names())}, or give a path to a .md.j2 file"
        )
    return builtin.read_text(encoding="utf-8"), f"{name}{SUFFIX}{BUILTIN_MARK}"


def read_template(path: Path) -> str:
    """Return the text of the template file at `path`: a regular UTF-8 file of bounded size."""
    name = f"template {path}"
    try:
        return read_text_file(path, MAX_TEMPLATE_BYTES)
    except Unreadable as exc:
        if exc.kind == "missing":
            raise UsageError(f"{name}: no such file") from None
        more = {"irregular": "; give a .md.j2 file", "large": " for a template"}
        raise InputError(f"{name}: {exc.reason}{more.get(exc.kind, '')}") from None
