"""Downloaded scripts run without a check: ``curl ... | sh`` and ``sh -c "$(curl ...)"``.

One implementation for every artifact with shell (Dockerfile ``RUN``, workflow ``run:``).
"""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.records import record
from deploylint.shell.model import Command, Pipeline, Script

#: programs that download
FETCHERS = frozenset({"curl", "wget"})
#: programs that run what they read as code
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node"})
_SUBSTITUTED = ('"$(curl', '"$(wget', "$(curl", "$(wget", "<(curl", "<(wget")


@record(eq=False)
class UncheckedDownload:
    """``shell`` runs text downloaded by ``fetcher``: piped into it (``pipeline`` is set) or
    passed as an argument through ``$(...)``/``<(...)`` (``pipeline`` is None)."""

    shell: Command
    fetcher: str
    pipeline: Pipeline | None = None


def unchecked_downloads(script: Script) -> Iterator[UncheckedDownload]:
    """Every place of ``script`` where a downloaded script runs with no checksum step between."""
    for pipe in script.pipelines:
        cmds = [c.effective() for c in pipe.commands]
        fetch = next((i for i, c in enumerate(cmds) if c.command_name in FETCHERS), None)
        if fetch is None:
            continue
        shell = next((c for c in cmds[fetch + 1 :] if c.command_name in SHELLS), None)
        if shell is not None and shell.name is not None and not _reads_file(shell):
            yield UncheckedDownload(shell, cmds[fetch].command_name or "", pipe)
    for c in script.commands:
        cmd = c.effective()
        if cmd.command_name in SHELLS and cmd.name is not None and cmd.contexts == ():
            for a in cmd.args:
                if a.raw.startswith(_SUBSTITUTED):
                    yield UncheckedDownload(cmd, "wget" if "wget" in a.raw[:8] else "curl")
                    break


def _reads_file(cmd: Command) -> bool:
    """``... | sh script.sh``: the shell runs a file, not its input."""
    args = cmd.args
    return any(not a.value.startswith("-") for a in args) and not any(a.value in ("-", "-s") for a in args)
