"""Parse the shell of real Dockerfile RUN instructions and workflow run: steps from the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploylint.shell import parse_shell
from tests.conftest import shared_path

pytestmark = pytest.mark.slow


def _runs_from_dockerfile(text: str) -> Iterator[str]:
    """RUN bodies in shell form with continuations joined (a cheap, test-only extraction)."""
    if "# escape=`" in text[:200] or "powershell" in text.lower() or "cmd /S /C" in text:
        return
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.lstrip()
        if not stripped.upper().startswith("RUN ") and stripped.upper() != "RUN":
            continue
        body = [stripped[4:]]
        while body[-1].rstrip().endswith("\\") and i < len(lines):
            body[-1] = body[-1].rstrip()[:-1]
            while i < len(lines) and (lines[i].lstrip().startswith("#") or not lines[i].strip()):
                i += 1  # Docker drops comment and blank lines inside a continued instruction
            if i < len(lines):
                body.append(lines[i])
                i += 1
        joined = "".join(body).strip()
        while joined.startswith("--"):  # RUN --mount=... flags
            joined = joined.partition(" ")[2].lstrip()
        if joined.startswith(("[", "<<")):
            continue  # exec form or a Dockerfile heredoc: the Dockerfile parser's business
        yield joined


def _runs_from_workflow(doc: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(doc, dict):
        return
    default_shell = ""
    defaults = doc.get("defaults")
    if isinstance(defaults, dict) and isinstance(defaults.get("run"), dict):
        default_shell = str(defaults["run"].get("shell", ""))
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict):
        return
    for job in jobs.values():
        if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
            continue
        for step in job["steps"]:
            if isinstance(step, dict) and isinstance(step.get("run"), str):
                yield step["run"], str(step.get("shell", default_shell) or "bash").split()[0]


def test_corpus_dockerfile_runs() -> None:
    root = shared_path("corpus", "dockerfile")
    files = sorted(p for p in root.rglob("*") if p.is_file())
    runs = commands = errors = 0
    for path in files[::2]:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\x00", "")
        for body in _runs_from_dockerfile(text):
            s = parse_shell(body)
            runs += 1
            commands += len(s.commands)
            errors += bool(s.errors)
    assert runs > 2000
    assert commands > 2 * runs  # RUN lines chain several commands on average
    assert errors < runs * 0.02, errors


def test_corpus_workflow_runs() -> None:
    yaml = pytest.importorskip("yaml")
    root = shared_path("corpus", "github-workflows")
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml"))
    runs = commands = errors = 0
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in files[::3]:
        try:
            doc = yaml.load(path.read_text(encoding="utf-8", errors="replace"), Loader=loader)
        except yaml.YAMLError:
            continue
        for body, shell in _runs_from_workflow(doc):
            s = parse_shell(body, shell_dialect=shell)
            if shell in ("pwsh", "powershell", "cmd", "python"):
                assert s.commands == ()
                continue
            runs += 1
            commands += len(s.commands)
            errors += bool(s.errors)
    assert runs > 500
    assert commands > runs
    assert errors < runs * 0.02, errors


def _unused(p: Path) -> None:  # pragma: no cover - keeps Path imported for type checkers
    del p
