"""The wheel ships the templates and example playbooks and works outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("integrate_cli-*.whl")
    return built


def test_wheel_holds_templates_and_playbooks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("cabinet", "hwb", "highlight"):
        assert f"integrate_cli/templates/{template}.md.j2" in names
    playbooks = {n for n in names if n.startswith("integrate_cli/playbooks/")}
    assert {p.name for p in (ROOT / "playbooks").glob("*.yaml")} <= {
        Path(n).name for n in playbooks
    }


def test_installed_wheel_renders_a_builtin_template_outside_the_tree(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    example = subprocess.run(
        [
            str(python),
            "-c",
            "from importlib import resources; print(resources.files("
            "'integrate_cli.playbooks').joinpath('bnes-integration.yaml').read_text())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    ).stdout
    (work / "p.yaml").write_text(example)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [
            str(env_dir / "bin" / "integrate"),
            "render-report",
            "p.yaml",
            "-t",
            "cabinet",
            "-f",
            "md",
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# B&NES Council and BaNES CCG Integration\n")
    assert "| **Total** | **£68,230** | **£102,795** |" in proc.stdout
