"""The things users plug in: the GitHub Action, the pre-commit hook, this repo's own CI workflow."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from deploylint.kinds import classify
from deploylint.testing import registry
from tests.reporters._schema import schema_errors

REPO = Path(__file__).resolve().parent.parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(rel: str) -> Any:
    return yaml.safe_load((REPO / rel).read_text(encoding="utf-8"))


# -- the composite action ---------------------------------------------------------------------


def test_action_metadata() -> None:
    action = load("action.yml")
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "format", "category", "fail-on", "version"}
    assert action["inputs"]["format"]["default"] == "sarif"
    assert action["inputs"]["category"]["default"] == "deploylint/"
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), step["uses"]
        if "run" in step:
            # inputs reach the shell through env only (no template injection)
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"


def _step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = load("action.yml")["runs"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def _fake_venv(tmp: Path) -> Path:
    """$RUNNER_TEMP with deploylint-venv/bin/deploylint running this checkout."""
    runner_temp = tmp / "runner"
    bin_dir = runner_temp / "deploylint-venv" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    exe = bin_dir / "deploylint"
    exe.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m deploylint "$@"\n', encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return runner_temp


def _run_lint_step(tmp_path: Path, workspace: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    step = _step("Run deploylint")
    action_inputs = load("action.yml")["inputs"]
    values = {k: str(v.get("default", "")) for k, v in action_inputs.items()}
    values.update({k.replace("_", "-"): v for k, v in inputs.items()})
    env = {
        **os.environ,
        "RUNNER_TEMP": str(_fake_venv(tmp_path)),
        "GITHUB_OUTPUT": str(tmp_path / "out.txt"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    for var, expr in step["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expr)
        assert name, expr
        env[var] = values[name.group(1)]
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_run_step_writes_sarif(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    (ws / "Dockerfile").write_text("FROM python:3.12-slim\n", encoding="utf-8")
    (ws / "-odd name").mkdir()
    res = _run_lint_step(tmp_path, ws, paths="Dockerfile\n-odd name\n", category="docker/")
    assert res.returncode == 0, res.stderr
    doc = json.loads((ws / "deploylint.sarif").read_text(encoding="utf-8"))
    assert schema_errors(doc) == []
    assert doc["runs"][0]["automationDetails"]["id"] == "docker/"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "report=deploylint.sarif\n"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_fail_on_is_passed_through(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    res = _run_lint_step(tmp_path, ws, fail_on="bogus")
    assert res.returncode == 2 and "bogus" in res.stderr
    res = _run_lint_step(tmp_path, ws, fail_on="warning", format="json", output="r.json")
    assert res.returncode == 0, res.stderr
    assert json.loads((ws / "r.json").read_text(encoding="utf-8"))["findings"] == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_writes_the_map_to_the_job_summary(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    (ws / "Dockerfile").write_text("FROM python:3.12-slim\n", encoding="utf-8")
    (ws / "compose.yaml").write_text("services:\n  web:\n    build: .\n", encoding="utf-8")
    res = _run_lint_step(tmp_path, ws, summary="false")
    assert res.returncode == 0, res.stderr
    assert not (tmp_path / "summary.md").exists()
    res = _run_lint_step(tmp_path, ws, summary="true")
    assert res.returncode == 0, res.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## deploylint\n")
    block = summary.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.startswith("flowchart LR\n")
    assert '(["service: web"])' in block and '["Dockerfile: Dockerfile' in block
    assert '-->|"build"|' in block


# -- this repository's CI (dogfood) -------------------------------------------------------------


def test_ci_workflow_dogfoods_the_action() -> None:
    wf = load(".github/workflows/ci.yml")
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    assert any(s.get("uses") == "./" for s in steps)
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert SHA_PIN.match(upload["uses"])
    for s in steps:
        if "uses" in s and not s["uses"].startswith("./"):
            assert SHA_PIN.match(s["uses"]), s["uses"]
    job = next(j for j in wf["jobs"].values() if any(s.get("uses") == "./" for s in j["steps"]))
    assert job["permissions"]["security-events"] == "write"
    assert any(".ci/run" in str(s.get("run", "")) for s in steps)


def test_own_workflow_and_action_lint_clean() -> None:
    from deploylint.engine import Engine
    from deploylint.settings import Settings

    settings = Settings(root=REPO, preset="strict")
    report = Engine(settings, registry()).run([REPO / ".github" / "workflows" / "ci.yml", REPO / "action.yml"])
    assert [(f.rule_id, f.location.path, f.location.span.start_line, f.message) for f in report.findings] == []


def test_integrations_doc_workflow_uploads_with_a_pinned_action(tmp_path: Path) -> None:
    from deploylint.engine import Engine
    from deploylint.settings import Settings

    text = (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL) if "upload-sarif" in b]
    assert blocks, "docs/integrations.md has no complete code-scanning workflow"
    wf = yaml.safe_load(blocks[0])
    job = next(iter(wf["jobs"].values()))
    assert job["permissions"]["security-events"] == "write"
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert all(SHA_PIN.match(u) for u in uses), uses
    # and the example follows our own advice
    target = tmp_path / ".github" / "workflows" / "deploylint.yml"
    target.parent.mkdir(parents=True)
    target.write_text(blocks[0], encoding="utf-8")
    report = Engine(Settings(root=tmp_path, preset="strict"), registry()).run([target])
    assert [(f.rule_id, f.location.span.start_line, f.message) for f in report.findings] == []


# -- pre-commit ---------------------------------------------------------------------------------


def _hook() -> dict[str, Any]:
    hooks: list[dict[str, Any]] = load(".pre-commit-hooks.yaml")
    return next(h for h in hooks if h["id"] == "deploylint")


def test_pre_commit_hook_definition() -> None:
    hook = _hook()
    assert hook["entry"] == "deploylint check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True and hook["require_serial"] is True
    assert hook["args"] == ["--"]


@pytest.mark.parametrize(
    "path",
    [
        "Dockerfile",
        "svc/Dockerfile.prod",
        "Containerfile",
        "build/app.dockerfile",
        "compose.yaml",
        "deploy/docker-compose.override.yml",
        "compose.prod.yml",
        ".github/workflows/ci.yml",
        "action.yml",
        ".github/actions/setup/action.yaml",
        "nginx.conf",
        "etc/nginx/conf.d/site.conf",
        "nginx/sites-enabled/app.conf",
        "default.conf.template",
        "README.md",
        "config.yaml",
        "app.conf",
        "src/main.py",
        "workflows/x.yml",
        "Dockerfile.md.txt",
        "dockerfile",
        "svc/DockerFile",
        "Dockerfile_dev",
        "frontend/dockerfile_test.go",
        "Dockerfile.template",
        "api.Dockerfile.template",
        "Dockerfile.j2",
        "x.dockerignore",
        "nginx.conf.template",
        "nginx/templates/app.template",
        "templates/api.Dockerfile.template",
        "roles/web/templates/nginx.conf.j2",
        "etc/nginx/sites-enabled/example.com",
        "sites-available/default",
        "sites-available/README.md",
        "sites-enabled/site.conf.j2",
        "site.nginx",
    ],
)
def test_hook_files_regex_agrees_with_classification(path: str) -> None:
    rx = re.compile(_hook()["files"])
    assert bool(rx.search(path)) == (classify(PurePosixPath(path)) is not None), path


def _online() -> bool:
    if os.environ.get("DEPLOYLINT_OFFLINE"):
        return False
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.network
def test_pre_commit_try_repo_reports_a_finding(tmp_path: Path) -> None:
    if registry().get("DKR001") is None:
        pytest.skip("DKR001 (latest base image tag) is not on this branch yet")
    if shutil.which("git") is None:
        pytest.skip("needs git")
    if not _online():
        pytest.skip("needs PyPI (set DEPLOYLINT_OFFLINE=1 to skip on purpose)")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "pre-commit"], check=True, timeout=300)
    sample = tmp_path / "sample"
    sample.mkdir()
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    git_env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=sample, check=True, env=git_env)
    (sample / "Dockerfile").write_text("FROM python:latest\n", encoding="utf-8")
    (sample / "README.md").write_text("not linted\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=sample, check=True, env=git_env)
    env = {**git_env, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)
    res = subprocess.run(
        [str(venv / "bin" / "pre-commit"), "try-repo", str(REPO), "deploylint", "--all-files", "--verbose"],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert res.returncode == 1, res.stdout + res.stderr
    assert re.search(r"Dockerfile:1:\d+: DKR001 ", res.stdout), res.stdout


def test_fast_exit_keeps_exit_codes_and_flushes_output(tmp_path: Path) -> None:
    # main() leaves with os._exit after flushing; the exit codes and the whole report survive it
    (tmp_path / "Dockerfile").write_text('FROM python:3.12-slim\nUSER 10001\nCMD ["python"]\n', encoding="utf-8")
    (tmp_path / ".dockerignore").write_text(".git\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DEPLOYLINT_SLOW_EXIT"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "deploylint", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    clean = run("check", "Dockerfile", "--select", "DKR001")
    assert (clean.returncode, clean.stdout.strip()) == (0, "No findings in 1 file.")
    found = run("check", "Dockerfile", "--format", "json", "--fail-on", "info")
    assert found.returncode == 1
    assert json.loads(found.stdout)["summary"]["findings"] >= 1  # the whole document arrived
    assert run("check", "--no-such-option").returncode == 2
