"""The layers are one-way: no module under src/integrate_cli imports itself back.

Every import counts, the ones inside functions included (a lazy import runs as surely
as one at the top, only later), and so do the packages an import runs on the way (for
`integrate_cli.rules.money`, the package `integrate_cli.rules` first).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "integrate_cli"


def module_name(path: Path, src: Path) -> str:
    """Return the dotted name of a source file under `src`: a package is its `__init__.py`."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def with_parents(name: str) -> list[str]:
    """Return `a.b.c` and the packages importing it runs first: `a`, `a.b`."""
    parts = name.split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def imported(path: Path, name: str, modules: set[str]) -> set[str]:
    """Return the project modules that importing the file at `path` can run."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named: set[str] = set()  # what the import statements name
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*parts, *([source] if source else [])])
            named.add(source)
            named.update(f"{source}.{alias.name}" for alias in node.names)
    # the packages an import runs on the way, except this module's own: they are running
    passed = {p for n in named for p in with_parents(n)[:-1]} - set(with_parents(name))
    return ((named | passed) & modules) - {name}


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    """Return each module of `package` (under `src`) with the project modules it imports."""
    names = {f: module_name(f, src) for f in sorted((src / package).rglob("*.py"))}
    modules = set(names.values())
    return {name: imported(f, name, modules) for f, name in names.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one import cycle as a path that ends where it starts, or [] if none."""
    state: dict[str, int] = {}  # 1 while on the path, 2 when finished
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


def test_the_walker_sees_lazy_relative_and_package_imports(tmp_path: Path) -> None:
    """The walker itself: a lazy import inside a function closes a cycle it reports."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import leaf\n")
    (pkg / "sub" / "leaf.py").write_text("X = 1\n")
    (pkg / "low.py").write_text("def f():\n    from pkg.sub.leaf import X\n    return X\n")
    (pkg / "sub" / "high.py").write_text("from ..low import f\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph == {
        "pkg": set(),
        "pkg.low": {"pkg.sub", "pkg.sub.leaf"},
        "pkg.sub": {"pkg.sub.leaf"},
        "pkg.sub.high": {"pkg.low"},
        "pkg.sub.leaf": set(),
    }
    assert find_cycle(graph) == []
    (pkg / "sub" / "leaf.py").write_text("def g():\n    import pkg.sub.high\n")
    cycle = find_cycle(import_graph(tmp_path, "pkg"))
    assert cycle == ["pkg.low", "pkg.sub", "pkg.sub.leaf", "pkg.sub.high", "pkg.low"]


def test_a_module_importing_its_own_package_back_is_a_cycle(tmp_path: Path) -> None:
    """A registry that imports its rules while they import it from the package is a loop."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("def rule(): ...\nfrom pkg import one\n")
    (pkg / "one.py").write_text("from pkg import rule\n")
    assert find_cycle(import_graph(tmp_path, "pkg")) == ["pkg", "pkg.one", "pkg"]
    (pkg / "one.py").write_text("import os.path\nfrom pkg.two import rule\n")
    (pkg / "two.py").write_text("def rule(): ...\n")
    assert import_graph(tmp_path, "pkg")["pkg.one"] == {"pkg.two"}
    assert find_cycle(import_graph(tmp_path, "pkg")) == []


def test_no_import_cycle_among_the_modules() -> None:
    graph = import_graph(SRC, PACKAGE)
    assert len(graph) > 40  # the walk found the package
    cycle = find_cycle(graph)
    if cycle:
        pytest.fail("import cycle: " + " -> ".join(cycle))


def fresh(script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in a new interpreter: nothing imported that the script does not import."""
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )


def test_a_finding_takes_its_level_from_the_codes_table_without_the_rules() -> None:
    proc = fresh(
        "import sys\n"
        "from integrate_cli.findings import Sink\n"
        "sink = Sink('p.yaml')\n"
        "sink.add('DATE-INVALID', (3, 9), 'm')\n"
        "sink.add('RISK-NO-MITIGATION', (4, 5), 'm')\n"
        "print([f.level for f in sink.findings])\n"
        "print(sorted(m for m in sys.modules if m.startswith('integrate_cli')))\n"
    )
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == [
        "['error', 'warning']",
        "['integrate_cli', 'integrate_cli.codes', 'integrate_cli.findings']",
    ]


def test_status_of_a_playbook_with_a_bad_date_needs_no_rules_imported() -> None:
    playbook = (
        "version: 1\\nprogramme: {id: p, title: P}\\npartners: []\\nstages:\\n"
        "  - {id: a, title: A, kind: milestone, due: 31.4.15}\\n"
    )
    proc = fresh(
        "import sys\n"
        "from datetime import date\n"
        "from integrate_cli.loader import load_text\n"
        "from integrate_cli.model import build\n"
        "from integrate_cli.status import programme_status\n"
        f"loaded = load_text('{playbook}', 'p.yaml')\n"
        "status = programme_status(build('p.yaml', loaded.data), date(2015, 1, 1))\n"
        "print(len(status.stages), 'integrate_cli.rules' in sys.modules)\n"
    )
    assert proc.stderr == ""
    assert proc.stdout == "1 False\n"
