"""DKR013 reads the CMD/ENTRYPOINT shell form through the shell model (no regex over the text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry

_SCRIPT = "use the exec form with a start script, or begin the command with exec"


def _findings(tmp_path: Path, text: str) -> list[tuple[str, int, int, str]]:
    target = tmp_path / "Dockerfile"
    target.write_text(text, encoding="utf-8")
    s = Settings()
    s.select = ["DKR013"]
    s.root = tmp_path.resolve()
    report = Engine(s, registry(), kind=Kind.DOCKERFILE).run([target])
    return [(f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message) for f in report.findings]


@pytest.mark.parametrize(
    ("cmd", "hint"),
    [
        ("node server.js", 'use ["node", "server.js"]'),
        ("gunicorn -w 4 app:app", 'use ["gunicorn", "-w", ...]'),
        # sh -c runs its script inside: still one command at the top
        ("zsh -c weechat", 'use ["zsh", "-c", ...]'),
        ("node server.js > /tmp/log", _SCRIPT),
        ("npm run migrate && npm start", _SCRIPT),
        ("node $APP", _SCRIPT),
        ('node "my app.js"', _SCRIPT),
        ("(cd /srv && ./run)", _SCRIPT),
        ("serve | tee log", _SCRIPT),
    ],
)
def test_hint_from_the_shell_model(tmp_path: Path, cmd: str, hint: str) -> None:
    got = _findings(tmp_path, f"FROM node:22\nCMD {cmd}\n")
    msg = f"CMD in shell form runs under /bin/sh, which does not pass signals on; {hint}"
    assert got == [("DKR013", 2, 1, msg)]


@pytest.mark.parametrize("cmd", ["exec node server.js", "exec gunicorn app:app"])
def test_exec_first_passes(tmp_path: Path, cmd: str) -> None:
    assert _findings(tmp_path, f"FROM node:22\nCMD {cmd}\n") == []
