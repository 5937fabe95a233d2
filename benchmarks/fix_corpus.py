"""The corpus fix run: copy ../shared/corpus to a temporary folder, ``--fix --unsafe-fixes`` it, and
report what changed.

    python benchmarks/fix_corpus.py                  # the whole corpus
    python benchmarks/fix_corpus.py --only nginx     # one folder of the corpus (dockerfile, compose, ...)
    python benchmarks/fix_corpus.py --corpus DIR     # any folder of deployment files

It prints files changed, fixes applied, fixes withdrawn, files that no longer parse (must be 0),
whether a second ``--diff --unsafe-fixes`` is empty (the fixes are idempotent), the time of the fix
run, and the findings of each fixable rule before and after, as Markdown for docs/fixes.md. The exit
code is 1 when a file stopped parsing or the second pass would still change something."""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FIXED = re.compile(r"deploylint: fixed (\d+) findings? in (\d+) files")


def deploylint(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        [sys.executable, "-m", "deploylint", *args], env=env, capture_output=True, text=True, check=False
    )


def scan(root: Path, out: Path) -> list[dict[str, object]]:
    proc = deploylint("check", str(root), "--no-cache", "--format", "json", "-o", str(out))
    if proc.returncode not in (0, 1):
        sys.exit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    findings: list[dict[str, object]] = json.loads(out.read_text())["findings"]
    return findings


def parse_errors(findings: list[dict[str, object]]) -> set[str]:
    return {str(f["path"]) for f in findings if str(f["rule_id"]).endswith("000")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--only", help="only this folder of the corpus (dockerfile, compose, nginx, github-workflows)")
    ap.add_argument("--keep", action="store_true", help="keep the fixed copy and print where it is")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus} (it lives in ../shared beside the checkout)", file=sys.stderr)
        return 2
    source = args.corpus / args.only if args.only else args.corpus
    work = Path(tempfile.mkdtemp(prefix="deploylint-fix-"))
    try:
        copy = work / "corpus"
        shutil.copytree(source, copy, symlinks=True)
        for folder, _dirs, files in os.walk(copy):
            os.chmod(folder, 0o755)
            for name in files:
                path = Path(folder) / name
                if not path.is_symlink():
                    path.chmod(0o644)
        (copy / ".git").mkdir(exist_ok=True)  # the copy is its own root, as a checkout is
        before_files = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
        before = scan(copy, work / "before.json")

        start = time.perf_counter()
        proc = deploylint(
            "check", str(copy), "--no-cache", "--fix", "--unsafe-fixes", "--format", "json", "-o", "/dev/null"
        )
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            sys.exit(f"fix run failed ({proc.returncode}): {proc.stderr[-2000:]}")
        m = FIXED.search(proc.stderr)
        applied = int(m.group(1)) if m else 0
        withdrawn = [line for line in proc.stderr.splitlines() if "withdrawn:" in line]

        after = scan(copy, work / "after.json")
        changed = sum(1 for rel, data in before_files.items() if (copy / rel).read_bytes() != data)
        broken = sorted(parse_errors(after) - parse_errors(before))
        second = deploylint("check", str(copy), "--diff", "--unsafe-fixes", "-q")
        rules = json.loads(deploylint("rules", "--format", "json").stdout)
        fixable = sorted(r["id"] for r in rules if r["fixable"])
        count_before = collections.Counter(str(f["rule_id"]) for f in before)
        count_after = collections.Counter(str(f["rule_id"]) for f in after)

        print(f"files: {len(before_files)}; changed: {changed}; fixes applied: {applied}; withdrawn: {len(withdrawn)}")
        print(
            f"fix run: {seconds:.1f} s; parse errors before {len(parse_errors(before))}, after {len(parse_errors(after))}"
        )
        print(f"files that no longer parse: {len(broken)}" + "".join(f"\n  {b}" for b in broken))
        print(f"second --diff --unsafe-fixes: {'empty' if not second.stdout.strip() else 'NOT EMPTY'}")
        print(f"internal errors (CORE001): {count_after['CORE001']}")
        for line in withdrawn[:20]:
            print(f"  {line}")
        print("\n| rule | before | after |\n| --- | ---: | ---: |")
        for rid in fixable:
            if count_before[rid] or count_after[rid]:
                print(f"| {rid} | {count_before[rid]:,} | {count_after[rid]:,} |")
        if args.keep:
            print(f"\nthe fixed copy: {copy}")
        return 1 if broken or second.stdout.strip() else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
