"""The shell view of a ``run:`` script: parsed once by :mod:`deploylint.shell`, with exact spans.

The script's text is the decoded YAML value; every character is mapped back to where it was
written (:meth:`Str.positions`), so a word of a block scalar, a folded scalar or a quoted scalar
with escapes has its exact span in the workflow file. A ``${{ }}`` expression is substituted by
the runner before the shell starts: the shell layer keeps it inside the word it is written in
(an ``Expansion`` of kind ``github``), so it never splits a word.

Which shell reads the script (the step's ``shell:``, else the job's or the workflow's
``defaults.run.shell``, else bash):

- a POSIX shell (bash, sh, dash, zsh...): the script is parsed as such;
- a command-line shell that is not POSIX (pwsh, powershell, cmd): its commands are read as
  POSIX command lines, which is right for the plain lines rules look for (``npm install``,
  ``docker push x``) and not for the shell's own syntax; :meth:`RunScript.script` gives None
  for them unless asked for this reading, so rules that need real shell semantics (quoting,
  here-documents) skip them;
- anything else (python, node, Rscript, ``perl {0}``...): the text is a program, not command
  lines, and gives no commands.
"""

from __future__ import annotations

from deploylint.models.workflow_strings import Str
from deploylint.shell import POSIX_DIALECTS, Command, Script, parse_shell
from deploylint.shell.folders import working_folders

#: shells whose scripts are command lines, though not POSIX shell
COMMAND_LINE_SHELLS = frozenset({"pwsh", "powershell", "cmd"})


def shell_name(dialect: str) -> str:
    """The program of a ``shell:`` value (``bash`` for ``bash -e {0}``, ``sh`` for ``/bin/sh``)."""
    name = dialect.split(maxsplit=1)[0].rsplit("/", 1)[-1].lower() if dialect.strip() else "bash"
    return name.removesuffix(".exe")


def shell_script(s: Str, dialect: str) -> Script | None:
    """``s`` parsed by the shared shell layer as ``dialect`` (None unless it is a POSIX shell)."""
    name = shell_name(dialect)
    if name not in POSIX_DIALECTS:
        return None
    pos = s.positions()
    pos.append(pos[-1] + 1 if pos else s.span.start_offset)
    return parse_shell(s.value, pos, s.file, shell_dialect=name, ends=s.ends())


def script_commands(script: Script) -> tuple[Command, ...]:
    """The commands of ``script`` that run something or write a file, wrappers looked through
    (``sudo npm ci`` gives ``npm ci``): the view workflow rules query."""
    out: list[Command] = []
    for c in script.commands:
        e = c.effective()
        if e.words or e.output_files:
            out.append(e)
    return tuple(out)


class RunScript:
    """A ``run:`` value and the shell reading it, parsed on first use (one per step)."""

    __slots__ = ("_commands", "_folders", "_parsed", "dialect", "run")

    def __init__(self, run: Str, dialect: str) -> None:
        self.run = run
        self.dialect = dialect
        #: the script as its own shell reads it, then as POSIX command lines (each parsed once)
        self._parsed: dict[bool, Script | None] = {}
        self._commands: tuple[Command, ...] | None = None
        #: (start, end) offsets of each command's span -> the folder it runs in
        self._folders: dict[tuple[int, int], str | None] | None = None

    def script(self, *, any_shell: bool = False) -> Script | None:
        """The script parsed as its shell (None for a shell that is not POSIX); with ``any_shell``
        a script of any other shell is read as POSIX command lines."""
        native = self._parse(False)
        if native is None and any_shell:
            return self._parse(True)
        return native

    def _parse(self, as_posix: bool) -> Script | None:
        if as_posix not in self._parsed:
            self._parsed[as_posix] = shell_script(self.run, "bash" if as_posix else self.dialect)
        return self._parsed[as_posix]

    @property
    def command_lines(self) -> Script | None:
        """The script rules take commands from (see the module's notes on which shells give them)."""
        return self.script(any_shell=shell_name(self.dialect) in COMMAND_LINE_SHELLS)

    def commands(self) -> tuple[Command, ...]:
        if self._commands is None:
            script = self.command_lines
            self._commands = script_commands(script) if script is not None else ()
        return self._commands

    def folder(self, cmd: Command) -> str | None:
        """The folder ``cmd`` (a command of this script) runs in, relative to the step's own:
        ``""`` for the step's folder, ``"tests"`` after ``cd tests &&``, None after a ``cd`` to a
        computed place."""
        if self._folders is None:
            script = self.command_lines
            self._folders = {}
            if script is not None:
                for c, where in zip(script.commands, working_folders(script.commands), strict=True):
                    e = c.effective()
                    self._folders.setdefault((e.span.start_offset, e.span.end_offset), where)
        return self._folders.get((cmd.span.start_offset, cmd.span.end_offset), "")
