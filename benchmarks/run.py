"""Benchmarks: corpus scans per kind and a one-file end-to-end run.

    python benchmarks/run.py                 # everything (needs ../shared/corpus beside the checkout)
    python benchmarks/run.py --only dockerfile --repeat 3

Each measurement runs deploylint in a fresh process (``python -m deploylint check ...``), so the
figures include interpreter start-up, imports, discovery, parsing, rules and reporting. Wall time is
the median of the repeats; peak memory is the child's maximum resident set size. Results are printed
as a Markdown table (paste into docs/performance.md) and written to benchmarks/results/latest.json.
Every run is cold (``--no-cache``): a warm cache would make the figures measure the cache, and
would write ``.deploylint_cache`` into the corpus; the cache has its own benchmark,
``benchmarks/cache.py``, which works on a copy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
KINDS = ("dockerfile", "compose", "nginx", "github-workflows")
SMALL_DOCKERFILE = """FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]
CMD ["python", "app.py"]
"""


def run_once(args: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """(seconds, exit code, peak RSS in KiB of this child)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # measure as users run it: with bytecode caching (this workplace sets PYTHONDONTWRITEBYTECODE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    cold = ["--no-cache"] if args[:1] == ["check"] else []
    proc = subprocess.run(
        [sys.executable, "-m", "deploylint", *args, *cold],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
    return elapsed, proc.returncode, max(peak, before)


def bench(label: str, args: list[str], repeat: int, cwd: Path | None = None) -> dict[str, object]:
    times = []
    peak = 0
    code = 0
    for _ in range(repeat):
        t, code, rss = run_once(args, cwd)
        times.append(t)
        peak = max(peak, rss)
    return {
        "label": label,
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "runs": repeat,
        "exit_code": code,
        "peak_rss_mib": round(peak / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=(*KINDS, "all", "small", "link"), default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None)
    ns = ap.parse_args()
    rows = []
    extra = ["--jobs", str(ns.jobs)] if ns.jobs else []
    if ns.only in (None, "small"):
        with tempfile.TemporaryDirectory() as tmp:
            df = Path(tmp) / "Dockerfile"
            df.write_text(SMALL_DOCKERFILE, encoding="utf-8")
            (Path(tmp) / ".dockerignore").write_text(".git\n.env\n", encoding="utf-8")
            rows.append(
                bench("one small Dockerfile (end to end)", ["check", "Dockerfile"], max(ns.repeat, 20), Path(tmp))
            )
            # the same with a project config, as most pre-commit users have one
            (Path(tmp) / "pyproject.toml").write_text(
                '[tool.deploylint]\nfail-on = "warning"\n[tool.deploylint.rules.DKR012]\nenabled = false\n',
                encoding="utf-8",
            )
            rows.append(
                bench("one small Dockerfile with a config", ["check", "Dockerfile"], max(ns.repeat, 20), Path(tmp))
            )
    if CORPUS.is_dir():
        for kind in KINDS:
            if ns.only in (None, kind):
                files = sum(1 for p in (CORPUS / kind).rglob("*") if p.is_file())
                args = ["check", str(CORPUS / kind), "--format", "json", "-o", os.devnull, "-q", *extra]
                rows.append(bench(f"corpus/{kind} ({files} files)", args, ns.repeat))
        if ns.only in (None, "all"):
            files = sum(1 for p in CORPUS.rglob("*") if p.is_file())
            args = ["check", str(CORPUS), "--format", "sarif", "-o", os.devnull, "-q", *extra]
            rows.append(bench(f"corpus, all kinds ({files} files)", args, ns.repeat))
        if ns.only in (None, "link"):
            # the cost of the project model: the same scan with no rules but CORE (parse only) and
            # with only the cross-file PRJ rules (parse + link); the difference is the linking
            base = ["check", str(CORPUS), "--format", "json", "-o", os.devnull, "-q", "-j", "1"]
            rows.append(bench("corpus, parse only (--select CORE, -j 1)", [*base, "--select", "CORE"], ns.repeat))
            rows.append(bench("corpus, parse + link (--select PRJ, -j 1)", [*base, "--select", "PRJ"], ns.repeat))
    else:
        print(f"note: {CORPUS} not found; corpus benchmarks skipped", file=sys.stderr)
    print("| benchmark | median (s) | min (s) | runs | peak RSS (MiB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['label']} | {r['median_s']} | {r['min_s']} | {r['runs']} | {r['peak_rss_mib']} |")
    out = REPO / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
