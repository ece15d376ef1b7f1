"""Benchmarks for integrate, each against a named peer in the same run.

  python benchmarks/bench.py                       # everything (about 10 minutes on 2 cores)
  python benchmarks/bench.py --only validate --sizes 1000 --skip-peer --rounds 3
  python benchmarks/bench.py --only long --rounds 5

validate: `integrate validate DIR` and portfolio `integrate status DIR` on generated
          corpora (5,000 and 20,000 playbooks) vs the parse floor (`yaml.compose` with
          PyYAML's C loader, in as many processes as validate uses) and check-jsonschema
          (with the exported schema, on a 1,000-file sample: it takes ~74 ms a file);
          time and whole-process-tree peak RSS (psutil, polled every 20 ms).
long:     `integrate validate` vs `integrate status` on one 10,000-stage playbook, stages
          forward, reversed and shuffled, chained by depends_on and by relative dates.
status:   `integrate status` on one example vs importing typer, rich and yaml.
papers:   `integrate render-report` in each format for one example.
changes:  `integrate changes` over a 500-commit history vs `git log -p --follow` on the file.

Runs alternate between tools (A, B, C, A, B, C...) and the medians are compared, since
whole-run times on a small shared machine vary by 20-80% from run to run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

import psutil  # in the `test` extra
from corpus import CHAINS, ORDERS, long_plan, write_corpus

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
INTEGRATE = str(BIN / "integrate")
PEER = str(BIN / "check-jsonschema")
AS_OF = "2026-11-22"
MIB = 1024 * 1024


class Run(NamedTuple):
    """One timed run: wall and CPU time (of the whole tree) in seconds, peak RSS in bytes.

    On a shared machine the wall time moves with everyone else's load; the CPU time of a
    command and its workers moves much less, so ratios are printed for both.
    """

    seconds: float
    peak: int
    cpu: float


def _tree_rss(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        with contextlib.suppress(psutil.Error):  # it ended between the two calls
            total += process.memory_info().rss
    return total


def timed(command: list[str], *, codes: tuple[int, ...] = (0,)) -> Run:
    """Run a command (output discarded); returns its time and the tree's peak RSS.

    A thread polls the RSS of the process and all its descendants every 20 ms and keeps
    the largest sum; the main thread only waits, so the time is the process's own.
    """
    with tempfile.TemporaryFile() as stderr:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = [0]

        def poll() -> None:
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while proc.returncode is None:
                peak[0] = max(peak[0], _tree_rss(root))
                time.sleep(0.02)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        code = proc.wait()
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # with its waited-for workers
        watcher.join()
        if code not in codes:
            stderr.seek(0)
            sys.exit(f"{command[:3]} failed ({code}): {stderr.read().decode()[:2000]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(elapsed, peak[0], cpu)


FLOOR = """
import os, sys, yaml
from multiprocessing import Pool
def parse(path):
    with open(path, "rb") as handle:
        yaml.compose(handle.read().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
if __name__ == "__main__":
    processes = int(sys.argv[2])
    files = [os.path.join(sys.argv[1], f) for f in sorted(os.listdir(sys.argv[1]))
             if f.endswith(".yaml")]
    if processes == 1:
        for f in files:
            parse(f)
    else:
        with Pool(processes) as pool:
            for _ in pool.imap(parse, files, chunksize=64):
                pass
"""
FLOOR_NAME = "parse floor (compose)"


def medians(times: dict[str, list[Run]]) -> dict[str, Run]:
    """Return each tool's median times and its largest peak RSS over the rounds."""
    return {
        name: Run(
            statistics.median(r.seconds for r in runs),
            max(r.peak for r in runs),
            statistics.median(r.cpu for r in runs),
        )
        for name, runs in times.items()
        if runs
    }


def bench_validate(size: int, rounds: int, peer_files: int, skip_peer: bool) -> None:
    """Time validate and portfolio status on `size` playbooks against the floor and peer."""
    work = Path(tempfile.mkdtemp(prefix="integrate-bench-"))
    try:
        corpus = work / "corpus"
        write_corpus(corpus, size)
        schema = work / "playbook.schema.json"
        subprocess.run(
            [INTEGRATE, "schema", "-o", str(schema)], check=True, stderr=subprocess.DEVNULL
        )
        floor = work / "floor.py"
        floor.write_text(FLOOR)
        files = sorted(str(p) for p in corpus.iterdir())
        sample = Path(files[0]).read_text()
        processes = min(os.cpu_count() or 1, 4) if size >= 200 else 1
        commands = {
            "integrate validate": [
                INTEGRATE,
                "validate",
                str(corpus),
                "-f",
                "json",
                "--as-of",
                AS_OF,
            ],
            "integrate status": [INTEGRATE, "status", str(corpus), "--as-of", AS_OF],
            FLOOR_NAME: [sys.executable, str(floor), str(corpus), str(processes)],
        }
        peer = [PEER, "--schemafile", str(schema), *files[: min(peer_files, size)]]
        times: dict[str, list[Run]] = {name: [] for name in [*commands, "check-jsonschema"]}
        for n in range(rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
            if not skip_peer and n == 0:
                times["check-jsonschema"].append(timed(peer))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = medians(times)
    print(
        f"\nvalidate: {size:,} playbooks, {sample.count(chr(10)) + 1} lines / "
        f"{len(sample.encode()) / 1024:.1f} KiB each, {os.cpu_count()} cores, "
        f"{processes} processes, {rounds} rounds, median time, largest peak RSS of the tree"
    )
    if not skip_peer:
        print(f"(check-jsonschema: one run on the first {min(peer_files, size):,} files)")
    print(
        f"{'tool':<24}{'total s':>9}{'ms/file':>9}{'cpu s':>9}{'peak MiB':>10}"
        "   ratio of validate to it"
    )
    validate = median["integrate validate"]
    counted = {name: min(peer_files, size) if "jsonschema" in name else size for name in median}
    floor = median[FLOOR_NAME]
    notes = {
        "integrate status": "status / validate "
        f"{median['integrate status'].seconds / validate.seconds:.2f} wall, "
        f"{median['integrate status'].cpu / validate.cpu:.2f} cpu",
        FLOOR_NAME: f"{validate.seconds / floor.seconds:.2f} wall, "
        f"{validate.cpu / floor.cpu:.2f} cpu  (target <= 1.5)",
    }
    if "check-jsonschema" in median:
        peer = median["check-jsonschema"]
        notes["check-jsonschema"] = (
            f"{validate.seconds / size / (peer.seconds / counted['check-jsonschema']):.3f}"
            " per file, wall  (target <= 0.10)"
        )
    for name, run in median.items():
        total = f"{run.seconds:>9.2f}" if name != "check-jsonschema" else f"{'(sample)':>9}"
        print(
            f"{name:<24}{total}{1000 * run.seconds / counted[name]:>9.2f}{run.cpu:>9.2f}"
            f"{run.peak / MIB:>10.0f}   {notes.get(name, '')}"
        )
    print(
        f"peak RSS: validate {validate.peak / MIB:.0f} MiB, portfolio status "
        f"{median['integrate status'].peak / MIB:.0f} MiB (target <= 150 each), parse floor "
        f"{floor.peak / MIB:.0f} MiB"
    )


def bench_long(stages: int, rounds: int) -> None:
    """Time validate and status on one long plan in every order and chain."""
    work = Path(tempfile.mkdtemp(prefix="integrate-long-"))
    rows: dict[str, dict[str, Run]] = {}
    try:
        plans = {}
        for chain in CHAINS:
            for order in ORDERS:
                path = work / f"{chain}-{order}.yaml"
                path.write_text(long_plan(stages, order, chain), encoding="utf-8")
                plans[f"{chain}, {order}"] = str(path)
        times: dict[str, list[Run]] = {}
        for _ in range(rounds):
            for name, path in plans.items():
                for tool in ("validate", "status"):
                    command = [INTEGRATE, tool, path, "--as-of", "2020-01-01"]
                    times.setdefault(f"{name}|{tool}", []).append(timed(command))
        for key, run in medians(times).items():
            name, tool = key.split("|")
            rows.setdefault(name, {})[tool] = run
        size = Path(plans[next(iter(plans))]).stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nlong: one playbook of {stages:,} stages ({size / 1024:.0f} KiB), each after the "
        f"one before, {rounds} rounds, median"
    )
    print(
        f"{'chain, order':<24}{'validate s':>11}{'status s':>10}{'cpu s':>14}"
        "   status / validate: wall, cpu (target <= 2)"
    )
    for name, runs in rows.items():
        validate, status = runs["validate"], runs["status"]
        print(
            f"{name:<24}{validate.seconds:>11.2f}{status.seconds:>10.2f}"
            f"{validate.cpu:>7.2f}{status.cpu:>7.2f}   "
            f"{status.seconds / validate.seconds:.2f}, {status.cpu / validate.cpu:.2f}"
        )


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
                times[name].append(timed(command).seconds)
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
                paper = str(work / f"paper.{fmt}")
                command = [INTEGRATE, "render-report", example, "-t", "cabinet", "-o", paper]
                results[fmt].append(timed(command).seconds)
        targets = {"docx": "  (target < 1 s)", "pdf": "  (target < 3 s)"}
        for fmt, values in results.items():
            print(f"{fmt:<26}{statistics.median(values):>9.2f} s{targets.get(fmt, '')}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def history_repo(work: Path, commits: int) -> Path:
    """Build a repository whose playbook has `commits` commits (one `git fast-import`):
    each moves a risk's likelihood and notes the week; every tenth moves a due date."""
    base = (ROOT / "playbooks" / "southend-mou.yaml").read_text(encoding="utf-8")
    stream = []
    for i in range(commits):
        text = base.replace("likelihood: 3", f"likelihood: {1 + i % 5}", 1)
        if i // 10 % 2:
            text = text.replace("due: 26.9.14 ", "due: 31.10.14", 1)
        data = (text + f"# week {i}\n").encode()
        when = 1_400_000_000 + i * 86_400
        message = f"week {i}".encode()
        stream += [
            b"commit refs/heads/main",
            f"committer PMO <pmo@example.org> {when} +0000".encode(),
            f"data {len(message)}".encode(),
            message,
            f"M 100644 inline playbook.yaml\ndata {len(data)}".encode(),
            data,
        ]
    repo = work / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=repo, input=b"\n".join(stream) + b"\n", check=True
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    return repo / "playbook.yaml"


def bench_changes(commits: int, rounds: int) -> None:
    """Time `integrate changes` over the whole history, and `status --baseline` (which reads
    every version for slippage), against `git log -p` on the file."""
    work = Path(tempfile.mkdtemp(prefix="integrate-changes-"))
    try:
        path = str(history_repo(work, commits))
        first = subprocess.run(
            ["git", "rev-list", "--max-parents=0", "HEAD"],
            cwd=work / "repo",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commands = {
            "integrate changes": [INTEGRATE, "changes", path, "--since", first, "-f", "json"],
            "integrate status --baseline": [INTEGRATE, "status", path, "--baseline", "-f", "json"],
            "git log -p --follow": [
                "git",
                "-C",
                str(work / "repo"),
                "log",
                "-p",
                "--follow",
                "--",
                "playbook.yaml",
            ],
        }
        times: dict[str, list[Run]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    runs = medians(times)
    floor = runs["git log -p --follow"].seconds
    print(f"\nchanges: one playbook with {commits} commits, {rounds} rounds, median")
    for name, run in runs.items():
        ratio = f"   {run.seconds / floor:.1f}x git log -p" if name != "git log -p --follow" else ""
        target = "  (target < 2 s)" if name.startswith("integrate") else ""
        print(f"{name:<28}{run.seconds:>8.2f} s{ratio}{target}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only",
        choices=["validate", "long", "status", "papers", "changes"],
        help="run one section (default: all, in the order listed)",
    )
    parser.add_argument(
        "--sizes",
        default="5000,20000",
        help="validate: corpus sizes, comma-separated (default: 5000,20000)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each command per size (default: 3)"
    )
    parser.add_argument(
        "--peer-files",
        type=int,
        default=1000,
        help="validate: files given to check-jsonschema, once per size (default: 1000; "
        "it takes ~74 ms a file)",
    )
    parser.add_argument("--skip-peer", action="store_true", help="validate: no check-jsonschema")
    parser.add_argument(
        "--stages", type=int, default=10_000, help="long: stages in the plan (default: 10000)"
    )
    parser.add_argument(
        "--commits", type=int, default=500, help="changes: commits in the history (default: 500)"
    )
    args = parser.parse_args()
    if args.only in (None, "validate"):
        for size in (int(s) for s in args.sizes.split(",")):
            bench_validate(size, args.rounds, args.peer_files, args.skip_peer)
    if args.only in (None, "long"):
        bench_long(args.stages, args.rounds)
    if args.only in (None, "status"):
        bench_status(max(30, args.rounds))
    if args.only in (None, "papers"):
        bench_papers(args.rounds)
    if args.only in (None, "changes"):
        bench_changes(args.commits, max(5, args.rounds))


if __name__ == "__main__":
    main()
