"""Benchmarks for integrate, each against a named peer in the same run.

  python benchmarks/bench.py                      # everything, 1,000 and 5,000 playbooks
  python benchmarks/bench.py --sizes 1000 --skip-peer --rounds 3

validate: `integrate validate` vs check-jsonschema (with the exported schema) vs the
parse floor (PyYAML's C loader on the same files and the same number of processes).
status:   `integrate status` on one example vs importing typer, rich and yaml.
papers:   `integrate render-report` in each format for one example.

Runs alternate between tools (A, B, C, A, B, C...) and the medians are compared, since
whole-run times on a small shared machine vary by 20-80% from run to run.
"""

from __future__ import annotations

import argparse
import calendar
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
INTEGRATE = str(BIN / "integrate")
PEER = str(BIN / "check-jsonschema")
KINDS = ["mou-stage", "workstream", "milestone", "decision", "review"]


def playbook(seed: int) -> str:
    """Return a realistic ~250-line playbook with comments; it validates clean."""
    rnd = random.Random(seed)
    year = rnd.randint(2014, 2019)
    lines = [
        "# yaml-language-server: $schema=playbook.schema.json",
        f"# Generated programme {seed}: a staged integration plan.",
        "version: 1",
        "",
        "programme:",
        f"  id: programme-{seed}",
        f"  title: Integrated commissioning programme {seed}",
        f"  area: Area {seed % 97}",
        "",
        "partners:                    # the sovereign organisations",
        "  - {id: council, name: A Borough Council, kind: local-authority}",
        "  - {id: ccg, name: NHS Clinical Commissioning Group, kind: ccg}",
        "  - {id: trust, name: A Foundation Trust, kind: nhs-trust}",
        "",
        "bodies:",
        "  - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}",
        "  - {id: full-council, name: Full Council, kind: full-council, partners: [council]}",
        "  - {id: gb, name: Governing Body, kind: governing-body, partners: [ccg]}",
        "  - {id: trust-board, name: Trust Board, kind: board, partners: [trust]}",
        "  - {id: hwb, name: Health and Wellbeing Board, kind: hwb, partners: [council, ccg]}",
        "",
        "people:",
        "  - {id: director, name: Director of Integration, partner: council}",
        "  - {id: pmo, name: Programme Office, partner: ccg}",
        "",
        "stages:",
    ]
    previous = None
    first = date(year, 1, 1) + timedelta(days=rnd.randint(0, 60))
    for n in range(12):
        day = first + timedelta(days=120 * n)
        sid = f"stage-{n + 1}"
        done = n < 4
        lines += [
            f"  # Stage {n + 1}: see the paper, paragraph {n + 1}.{rnd.randint(1, 9)}",
            f"  - id: {sid}",
            f"    title: Stage {n + 1} of the plan",
            f"    kind: {KINDS[n % len(KINDS)]}",
            f"    due: {_due(n, day, previous)}",
        ]
        if previous:
            lines.append(f"    depends_on: [{previous}]")
        lines.append(f"    owner: {'director' if n % 2 else 'pmo'}")
        if done:
            lines += [
                "    status: done",
                f"    record: {{on: {day.isoformat()}, by: PMO, evidence: Minute {n}}}",
            ]
        lines.append("    criteria:")
        for c in range(3):
            lines.append(f"      - id: c{c + 1}")
            lines.append(f"        title: Criterion {c + 1} for stage {n + 1}")
            if done:
                lines.append("        status: done")
                lines.append(f"        record: {{on: {day.isoformat()}, by: Lead}}")
        if n % 4 == 3:
            lines += [
                "    decisions:",
                "      - id: approve",
                "        title: Approve the stage",
                "        bodies: [cabinet, gb]",
            ]
            if done:
                lines.append(
                    f"        taken: {{cabinet: {{on: {day.isoformat()}}}, "
                    f"gb: {{on: {day.isoformat()}}}}}"
                )
        previous = sid
    lines += [
        "",
        "budgets:",
        "  - id: costs",
        "    title: Programme costs",
        '    unit: "£"',
        "    tolerance: 0",
        "    lines:",
    ]
    totals = [0, 0]
    for item in ("Programme Director", "Communications", "Admin", "Legal", "Finance"):
        a, b = rnd.randint(1000, 40000), rnd.randint(1000, 40000)
        totals[0] += a
        totals[1] += b
        lines.append(
            f"      - {{item: {item}, amounts: {{{year}/{(year + 1) % 100:02d}: {a}, "
            f"{year + 1}/{(year + 2) % 100:02d}: {b}}}}}   # estimate"
        )
    lines += [
        "    totals:",
        f"      - {{year: {year}/{(year + 1) % 100:02d}, amount: {totals[0]}}}",
        f"      - {{year: {year + 1}/{(year + 2) % 100:02d}, amount: {totals[1]}}}",
        "",
        "risks:",
    ]
    for r in range(5):
        lines += [
            f"  - id: risk-{r + 1}",
            f"    title: Risk {r + 1} to delivery",
            f"    likelihood: {rnd.randint(1, 5)}",
            f"    impact: {rnd.randint(1, 5)}",
            "    owner: director",
            "    mitigation: Reviewed monthly by the board",
        ]
    lines += [
        "",
        "agreements:",
        "  - id: s75",
        "    title: Section 75 agreement",
        "    partners: [council, ccg]",
        "    starts: on stage-6",
        "    ends: 2 years after stage-6",
        "    notice: 6 months",
        "",
    ]
    return "\n".join(lines)


def _due(n: int, day: date, previous: str | None) -> str:
    """Return a due date for `day` in one of the papers' forms, never before `previous`."""
    form = n % 6
    if form == 1:
        return f"{calendar.month_name[day.month]} {day.year}"
    if form == 2:
        return f"{day.day}.{day.month}.{day.year % 100:02d}"
    if form == 3 and previous:
        return f"2 months after {previous}"
    if form == 4:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return day.isoformat()


def timed(command: list[str], *, check: bool = True) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        sys.exit(f"{command[0]} failed ({proc.returncode}): {proc.stderr.decode()[:2000]}")
    return elapsed


FLOOR = """
import os, sys, yaml
from multiprocessing import Pool
def parse(path):
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
if __name__ == "__main__":
    files = [os.path.join(sys.argv[1], f) for f in sorted(os.listdir(sys.argv[1]))
             if f.endswith(".yaml")]
    with Pool(os.cpu_count()) as pool:
        pool.map(parse, files, chunksize=max(1, len(files) // (os.cpu_count() * 8)))
"""


def bench_validate(size: int, rounds: int, peer_rounds: int, skip_peer: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="integrate-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for i in range(size):
            (corpus / f"p{i:05d}.yaml").write_text(playbook(i), encoding="utf-8")
        schema = work / "playbook.schema.json"
        subprocess.run(
            [INTEGRATE, "schema", "-o", str(schema)], check=True, stderr=subprocess.DEVNULL
        )
        floor = work / "floor.py"
        floor.write_text(FLOOR)
        files = sorted(str(p) for p in corpus.iterdir())
        sample = Path(files[0]).read_text()
        ours = [INTEGRATE, "validate", str(corpus), "--format", "json", "--as-of", "2026-11-22"]
        status = [INTEGRATE, "status", str(corpus), "--as-of", "2026-11-22"]
        times: dict[str, list[float]] = {
            "integrate validate": [],
            "integrate status": [],
            "check-jsonschema": [],
            "parse floor (C loader)": [],
        }
        for n in range(rounds):
            times["integrate validate"].append(timed(ours))
            times["integrate status"].append(timed(status))
            if not skip_peer and n < peer_rounds:
                times["check-jsonschema"].append(timed([PEER, "--schemafile", str(schema), *files]))
            times["parse floor (C loader)"].append(timed([sys.executable, str(floor), str(corpus)]))
        median = {k: statistics.median(v) for k, v in times.items() if v}
        print(
            f"\nvalidate: {size} playbooks, {sample.count(chr(10)) + 1} lines / "
            f"{len(sample.encode()) / 1024:.1f} KiB each, {os.cpu_count()} cores, "
            f"{rounds} rounds (peer {0 if skip_peer else min(rounds, peer_rounds)}), median"
        )
        print(f"{'tool':<26}{'total s':>9}{'ms/file':>9}   ratio of integrate to it")
        validate = median["integrate validate"]
        ratios = {
            "integrate status": f"{median.get('integrate status', 0) / validate:.3f}"
            "  (status / validate)",
            "check-jsonschema": f"{validate / median.get('check-jsonschema', 1):.3f}"
            "  (target <= 0.10)",
            "parse floor (C loader)": f"{validate / median['parse floor (C loader)']:.3f}"
            "  (target <= 1.5)",
        }
        for name, value in median.items():
            print(f"{name:<26}{value:>9.2f}{1000 * value / size:>9.2f}   {ratios.get(name, '')}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def installed(work: Path) -> Path:
    """Build the wheel and install it into a fresh venv, as a user would; returns its bin/."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = work.glob("integrate_cli-*.whl")
    env = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env / "bin"


BASE = "import typer+rich+yaml"


def bench_status(rounds: int) -> None:
    """Time `integrate status` as installed from the wheel against the bare imports.

    Two ways a user sees it: piped (plain text, rich never imported) and in colour (what a
    terminal gets; `--color always` writes the same escapes to the pipe).
    """
    example = str(ROOT / "playbooks" / "city-and-hackney.yaml")
    work = Path(tempfile.mkdtemp(prefix="integrate-status-"))
    try:
        bin_dir = installed(work)
        ours = [str(bin_dir / "integrate"), "status", example, "--as-of", "2017-06-01"]
        commands = {
            "integrate status (plain)": ours,
            "integrate status (colour)": [*ours, "--color", "always"],
            BASE: [
                str(bin_dir / "python"),
                "-c",
                "import typer, rich.console, rich.table, yaml",
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians[BASE]
    print(
        f"\nstatus: one example playbook, installed from the wheel into a fresh venv, "
        f"{rounds} rounds, median"
    )
    for name, median in medians.items():
        ratio = "" if name == BASE else f"   {median / base:.2f}x  (target <= 1.3)"
        print(f"{name:<28}{1000 * median:>7.0f} ms{ratio}")


def bench_papers(rounds: int) -> None:
    example = str(ROOT / "playbooks" / "bnes-integration.yaml")
    work = Path(tempfile.mkdtemp(prefix="integrate-papers-"))
    try:
        print(
            f"\npapers: cabinet paper for {Path(example).name}, whole process, {rounds} "
            "rounds, median"
        )
        results: dict[str, list[float]] = {f: [] for f in ("md", "html", "docx", "pdf")}
        for _ in range(rounds):
            for fmt in results:
                results[fmt].append(
                    timed(
                        [
                            INTEGRATE,
                            "render-report",
                            example,
                            "-t",
                            "cabinet",
                            "-o",
                            str(work / f"paper.{fmt}"),
                        ]
                    )
                )
        targets = {"docx": "  (target < 1 s)", "pdf": "  (target < 3 s)"}
        for fmt, values in results.items():
            print(f"{fmt:<26}{statistics.median(values):>9.2f} s{targets.get(fmt, '')}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--peer-rounds",
        type=int,
        default=1,
        help="check-jsonschema takes ~100 s a round at 5,000 files",
    )
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--only", choices=["validate", "status", "papers"])
    args = parser.parse_args()
    if args.only in (None, "validate"):
        for size in (int(s) for s in args.sizes.split(",")):
            bench_validate(size, args.rounds, args.peer_rounds, args.skip_peer)
    if args.only in (None, "status"):
        bench_status(max(30, args.rounds))
    if args.only in (None, "papers"):
        bench_papers(args.rounds)


if __name__ == "__main__":
    main()
