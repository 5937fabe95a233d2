"""nginx corpus benchmark: all files of ../shared/corpus/nginx, next to gixy-ng's figure.

    python benchmarks/nginx_corpus.py [--repeat 5]

gixy-ng 0.2.59 was measured on the same 438 files at 0.83 s (see PEERS.md). We scan the corpus
folder with a config that makes every file an nginx file (as gixy-ng was given them all), in a
fresh process each time, so the figure includes interpreter start-up, imports, discovery,
parsing with include following (the corpus folder is the root), all NGX rules and the JSON
report. A second figure times parsing alone in-process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DEPLOYLINT_SHARED", REPO.parent / "shared")) / "corpus" / "nginx"
GIXY_NG_SECONDS = 0.83


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ns = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found")
    files = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file())
    env = dict(os.environ, PYTHONPATH=str(REPO))
    config = Path(tempfile.mkdtemp()) / "all-nginx.toml"
    config.write_text('kinds = { "**" = "nginx" }\n', encoding="utf-8")
    cmd = [sys.executable, "-m", "deploylint", "check", "--config", str(config), "--format", "json", "-o", os.devnull]
    rows = {}
    for label, extra in (("one process (-j 1)", ["-j", "1"]), ("default jobs (one process below 4 cores)", [])):
        walls, cpus = [], []
        for _ in range(ns.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([*cmd, *extra, str(CORPUS)], env=env, check=False, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rows[label] = (statistics.median(walls), min(walls), statistics.median(cpus))

    sys.path.insert(0, str(REPO))
    from deploylint.parsers.nginx import parse_text
    from deploylint.source import DecodeError, SourceFile, decode

    texts = []
    for f in files:
        try:
            texts.append((Path(f), decode(Path(f).read_bytes())[0]))
        except DecodeError:
            continue
    start = time.process_time()
    for path, text in texts:
        parse_text(SourceFile(path, text))
    parse_s = time.process_time() - start
    print(f"nginx corpus: {len(files)} files; gixy-ng 0.2.59 on the same files: {GIXY_NG_SECONDS} s")
    print(f"| deploylint run | wall median of {ns.repeat} (s) | wall best (s) | CPU median (s) |")
    print("| --- | ---: | ---: | ---: |")
    for label, (med, best, cpu) in rows.items():
        print(f"| {label} | {med:.3f} | {best:.3f} | {cpu:.3f} |")
    print(f"| tokenize + parse only, in process (CPU s) | | | {parse_s:.3f} |")


if __name__ == "__main__":
    main()
