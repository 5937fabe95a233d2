"""The cache of ``check``: the whole corpus cold, warm with nothing changed, and after one edit.

    python benchmarks/cache.py                       # ../shared/corpus, copied to a temporary folder
    python benchmarks/cache.py --corpus DIR --repeat 3

The corpus is copied to a temporary folder with a ``.git`` folder (so the copy is the project
root and the cache goes to ``.deploylint_cache`` inside it). Each run is a fresh process
(``python -m deploylint check COPY --format json -o FILE -q``). Measured, median of the repeats:

- cold: the cache folder removed before each run;
- warm: nothing changed since the last run;
- one Dockerfile / one compose file / one nginx file / one workflow edited (a comment line
  appended, then the edit undone for the next repeat; each edited run starts from a warm cache).

Every warm and edited run's JSON report must equal that of a cold run over the same files (the
edited files are also checked cold); the script says so, and exits 1 if not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
#: (label, folder of the corpus, comment marker of the kind)
EDITS = (
    ("one Dockerfile", "dockerfile", "#"),
    ("one compose file", "compose", "#"),
    ("one nginx file", "nginx", "#"),
    ("one workflow", "github-workflows", "#"),
)


def run(copy: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "deploylint", "check", str(copy), "--format", "json", "-o", str(out), "-q"]
    env = {**os.environ, "DEPLOYLINT_CACHE_DIR": ""}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=copy, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def first_file(folder: Path) -> Path:
    return next(p for p in sorted(folder.rglob("*")) if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    ok = True
    with tempfile.TemporaryDirectory(prefix="deploylint-cache-bench-") as tmp:
        copy = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, copy, symlinks=True)
        (copy / ".git").mkdir(exist_ok=True)
        cache = copy / ".deploylint_cache"
        reports = Path(tmp) / "reports"
        reports.mkdir()
        cold_times = []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold_times.append(run(copy, reports / "cold.json"))
        cold_json = (reports / "cold.json").read_bytes()
        warm_times = [run(copy, reports / "warm.json") for _ in range(args.repeat)]
        same = (reports / "warm.json").read_bytes() == cold_json
        ok = ok and same
        cold = statistics.median(cold_times)
        rows = [("cold (no cache)", cold, True), ("warm, nothing changed", statistics.median(warm_times), same)]
        for label, folder, marker in EDITS:
            if not (copy / folder).is_dir():
                continue
            target = first_file(copy / folder)
            original = target.read_bytes()
            times = []
            for i in range(args.repeat):
                target.write_bytes(original + f"\n{marker} edited {i}\n".encode())
                times.append(run(copy, reports / "edited.json"))
                edited = (reports / "edited.json").read_bytes()
                # the same files checked without the cache
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "deploylint",
                        "check",
                        str(copy),
                        "--no-cache",
                        "--format",
                        "json",
                        "-o",
                        str(reports / "edited-cold.json"),
                        "-q",
                    ],
                    cwd=copy,
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                same = edited == (reports / "edited-cold.json").read_bytes()
                ok = ok and same
                target.write_bytes(original)
                run(copy, reports / "rewarm.json")  # back to a warm cache for the next repeat
            rows.append((f"{label} edited ({target.relative_to(copy)})", statistics.median(times), same))
        print(f"| run (median of {args.repeat}) | seconds | of cold | same findings as cold |")
        print("| --- | ---: | ---: | --- |")
        for label, secs, same in rows:
            print(f"| {label} | {secs:.2f} | {secs / cold:.0%} | {'yes' if same else 'NO'} |")
        size = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
        print(f"\ncache size: {size / 1e6:.1f} MB in {sum(1 for _ in cache.rglob('*.json'))} entries")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
