"""Benchmark: the GitHub Actions corpus, all 1,744 files (issue 5).

    python benchmarks/workflow_corpus.py [--repeat 3]

``deploylint check <dir>`` only picks up ``.github/workflows/*`` and ``action.yml`` files by name;
half of the corpus are workflows kept elsewhere (test data), so every file is passed explicitly
with ``--kind workflow`` here. Each run is a fresh process (start-up, imports, parsing, rules and a
JSON report included); the table gives the median wall time and the child's CPU time, serial
(``--jobs 1``) and with the default worker count. Reference figures from the issue (same corpus):
zizmor ``--offline`` 2.9 s on the 1,578 files it can load (it aborts on 15 others); actionlint 0.31 s
without shellcheck.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "github-workflows"


def run(files: list[str], jobs: list[str]) -> tuple[float, float, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "deploylint",
            "check",
            "--kind",
            "workflow",
            "--format",
            "json",
            "-o",
            os.devnull,
            "--fail-on",
            "never",
            *jobs,
            *files,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ns = ap.parse_args()
    root = Path(os.environ.get("DEPLOYLINT_CORPUS", CORPUS))
    if not root.is_dir():
        sys.exit(f"{root} not found (set DEPLOYLINT_CORPUS)")
    files = sorted(str(p) for p in root.rglob("*") if p.is_file())
    print(f"{len(files)} files under {root}")
    print("| run | median wall (s) | median CPU (s) | exit |")
    print("| --- | ---: | ---: | ---: |")
    for label, jobs in (("deploylint --jobs 1", ["--jobs", "1"]), ("deploylint (default jobs)", [])):
        walls, cpus, code = [], [], 0
        for _ in range(ns.repeat):
            w, c, code = run(files, jobs)
            walls.append(w)
            cpus.append(c)
        print(f"| {label} | {statistics.median(walls):.2f} | {statistics.median(cpus):.2f} | {code} |")
    print("| zizmor 1.32.0 --offline (issue 5, 1,578 files) | 2.9 | | |")
    print("| actionlint, no shellcheck (issue 5) | 0.31 | | |")


if __name__ == "__main__":
    main()
