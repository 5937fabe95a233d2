"""The shared shell layer: parse shell text once into commands and words with exact spans.

Used for Dockerfile ``RUN`` (shell form) and GitHub Actions ``run:`` steps. Rules query the
:class:`Script` (``script.commands_named("apt-get")``, ``cmd.has_flag("-y")``...) and never scan
the raw line. Package-manager facts built on it live in :mod:`deploylint.models.installs`.

>>> s = parse_shell("sudo apt-get install -y curl && rm -rf /var/lib/apt/lists/*")
>>> [c.argv for c in s.commands]
[('sudo', 'apt-get', 'install', '-y', 'curl'), ('rm', '-rf', '/var/lib/apt/lists/*')]
>>> next(s.commands_named("apt-get")).has_flag("-y")
True
"""

from __future__ import annotations

from pathlib import Path

from deploylint.models.base import Diagnostic
from deploylint.shell.model import (
    EXPANSION_KINDS,
    Assignment,
    Command,
    Expansion,
    Heredoc,
    Option,
    ParsedArgs,
    Pipeline,
    Redirect,
    Script,
    Word,
    basename,
    command_of_words,
    parse_args,
)
from deploylint.shell.options import value_options_for
from deploylint.source import SourceFile

#: Dialects parsed as POSIX/bash shell; anything else (pwsh, powershell, cmd, python...) gives an
#: empty Script.
POSIX_DIALECTS = frozenset({"posix", "sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"})

__all__ = [
    "EXPANSION_KINDS",
    "Assignment",
    "Command",
    "Expansion",
    "Heredoc",
    "Option",
    "ParsedArgs",
    "Pipeline",
    "Redirect",
    "Script",
    "Word",
    "basename",
    "command_of_words",
    "parse_args",
    "parse_shell",
    "remote_script",
    "value_options_for",
]


#: the message of the one error that leaves a script unanalysed (see ``Script.unanalysed``)
TOO_DEEP = "shell text nested too deeply to analyse"


def parse_shell(
    text: str,
    positions: list[int] | None = None,
    src: SourceFile | None = None,
    *,
    shell_dialect: str = "posix",
    ends: list[int] | None = None,
) -> Script:
    """Parse shell ``text``. Never raises: problems are in ``Script.errors``.

    ``positions[i]`` is the source offset of ``text[i]`` (``len(text) + 1`` entries) when the text
    was extracted from a larger file (a Dockerfile RUN with continuations removed, a YAML block
    scalar); spans are then built with ``src``. Without ``positions`` offsets are text offsets, and
    without ``src`` spans are relative to the text itself. ``ends[i]`` (``len(text)`` entries) is
    the source offset just after ``text[i]`` when a character can be written with several (a YAML
    escape: ``\\"`` in a double-quoted scalar, ``''`` in a single-quoted one); by default it is
    ``positions[i] + 1``.
    """
    dialect = shell_dialect.lower().rpartition("/")[2]
    if dialect.endswith(".exe"):
        dialect = dialect[:-4]
    if dialect not in POSIX_DIALECTS:
        return Script(dialect=dialect)
    if src is None:
        src = SourceFile(Path("<shell>"), text, "<shell>", detached=True)
    if positions is None or len(positions) != len(text) + 1:
        bad = positions is not None
        positions = list(range(len(text) + 1))
        if bad:
            from deploylint.shell.parser import build

            script = build(text, positions, src)
            return _with_error(
                script, Diagnostic("shell positions map has the wrong length; offsets are text offsets", src.span(0, 0))
            )
    from deploylint.shell.parser import build

    if ends is not None and len(ends) != len(text):
        ends = None
    try:
        return build(text, positions, src, ends)
    except RecursionError:
        return Script(
            errors=(Diagnostic(TOO_DEEP, src.span(positions[0], positions[0])),),
            unanalysed=True,
        )


def remote_script(cmd: Command, src: SourceFile) -> Script | None:
    """For ``ssh [options] host 'command' ...``: the remote command parsed as a script of its own
    (ssh joins the words after the host with blanks), with spans in ``src``. None for other
    commands, without a remote command, or when a word of it is not literal."""
    eff = cmd.effective()
    if eff.command_name != "ssh":
        return None
    hosts = parse_args(eff.args, value_options_for("ssh")).positionals
    if not hosts:
        return None
    at = next(i for i, w in enumerate(eff.args) if w is hosts[0])
    words = eff.args[at + 1 :]
    if words and words[0].value == "--" and not words[0].quoted:
        words = words[1:]
    if not words or not all(w.is_literal and len(w.value_offsets) == len(w.value) + 1 for w in words):
        return None
    text = ""
    pos: list[int] = []
    for w in words:
        if text:
            text += " "
            pos.append(pos[-1] + 1)
        text += w.value
        pos.extend(w.value_offsets[:-1])
    pos.append(words[-1].value_offsets[-1])
    return parse_shell(text, pos, src)


def _with_error(script: Script, err: Diagnostic) -> Script:
    import dataclasses

    return dataclasses.replace(script, errors=(*script.errors, err))
