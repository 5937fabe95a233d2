"""The instructions that run a command: RUN, CMD, ENTRYPOINT and HEALTHCHECK.

Their shell form is parsed once, by the shared shell layer (:mod:`deploylint.shell`), into
commands and words at their source spans; the exec form is its JSON elements. The shell layer is
imported on first use only, so a run that never asks for a command does not load it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from deploylint.models.base import Located
from deploylint.models.dockerfile_instructions import Instruction
from deploylint.models.dockerfile_parts import Mount, ShellText, parse_mount
from deploylint.source import SourceFile

if TYPE_CHECKING:
    from deploylint.shell import Command, Script


class ShellInstruction(Instruction):
    """An instruction whose arguments run as a command: RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD."""

    __slots__ = ()

    @property
    def is_shell_form(self) -> bool:
        return not self.json and self.shell_text is not None

    @property
    def shell_script(self) -> Script | None:
        """The shell form parsed once by the shared shell layer (``sh`` rules), every command and
        word at its source span; None in exec form. A RUN's scripts in the dialect of its SHELL,
        heredoc bodies included, are :attr:`Run.scripts`."""
        if "script" not in self._cache:
            self._cache["script"] = self._parse_script()
        return cast("Script | None", self._cache["script"])

    def _parse_script(self) -> Script | None:
        st = self.shell_text
        if self.json or st is None or self.src is None:
            return None
        from deploylint.shell import parse_shell

        return parse_shell(st.text, st.positions(), self.src)

    def argvs(self, source: SourceFile) -> tuple[tuple[Located[str], ...], ...]:
        """The argument vectors this instruction runs, each word at its span: the exec-form array,
        or every simple command of the shell form (:attr:`shell_script`). ``source`` is the file
        the instruction is in (kept for callers; the instruction knows it)."""
        cached = cast("tuple[tuple[Located[str], ...], ...] | None", self._cache.get("argvs"))
        if cached is None:
            if self.json:
                cached = (tuple(self.args),)
            else:
                script = self.shell_script
                cached = tuple(
                    tuple(Located(w.value, w.span) for w in (c.name, *c.args) if w is not None)
                    for c in (script.commands if script is not None else ())
                    if c.name is not None
                )
            self._cache["argvs"] = cached
        return cached


class Run(ShellInstruction):
    __slots__ = ()

    @property
    def mounts(self) -> tuple[Mount, ...]:
        cached = cast("tuple[Mount, ...] | None", self._cache.get("mounts"))
        if cached is None:
            cached = tuple(m for f in self.flags_named("mount") if (m := parse_mount(f)) is not None)
            self._cache["mounts"] = cached
        return cached

    def cache_mount(self, *targets: str) -> Mount | None:
        """A ``--mount=type=cache`` whose target contains any of ``targets`` (any target if none)."""
        for m in self.mounts:
            if m.type != "cache":
                continue
            tgt = m.target or ""
            if not targets or any(t in tgt for t in targets):
                return m
        return None

    @property
    def shell_sources(self) -> tuple[ShellText, ...]:
        """The texts the shell runs: the command line, and heredoc bodies run by a shell."""
        cached = cast("tuple[ShellText, ...] | None", self._cache.get("sources"))
        if cached is None:
            cached = _run_sources(self)
            self._cache["sources"] = cached
        return cached

    @property
    def scripts(self) -> tuple[Script, ...]:
        """Parsed shell scripts (``deploylint.shell.Script``), parsed once on first use."""
        cached = cast("tuple[Script, ...] | None", self._cache.get("scripts"))
        if cached is None:
            cached = _parse_scripts(self)
            self._cache["scripts"] = cached
        return cached

    @property
    def commands(self) -> tuple[Command, ...]:
        """Every simple command of this RUN (``deploylint.shell.Command``), in source order."""
        cached = cast("tuple[Command, ...] | None", self._cache.get("commands"))
        if cached is None:
            cached = tuple(c for s in self.scripts for c in s.commands)
            self._cache["commands"] = cached
        return cached

    @property
    def effective_commands(self) -> tuple[Command, ...]:
        """``commands`` with wrappers (``sudo``, ``env A=b``...) looked through."""
        cached = cast("tuple[Command, ...] | None", self._cache.get("effective"))
        if cached is None:
            cached = tuple(c.effective() for c in self.commands)
            self._cache["effective"] = cached
        return cached

    def folder_of(self, cmd: Command) -> str | None:
        """The folder ``cmd`` runs in as far as this RUN shows: the absolute path given to the
        last ``cd`` before it in the RUN, or None (the stage's WORKDIR, or a folder not known)."""
        folder = None
        start = (cmd.span.start_line, cmd.span.start_col)
        for c in self.effective_commands:
            if (c.span.start_line, c.span.start_col) >= start:
                break
            if c.command_name == "cd":
                args = [a.value for a in c.args if not a.value.startswith("-")]
                folder = args[0] if args and args[0].startswith("/") and "$" not in args[0] else None
        return folder

    def in_bind_mount(self, cmd: Command) -> bool:
        """``cmd`` runs in (or under) the target of one of this RUN's ``--mount=type=bind``
        folders: what it writes there is not kept in the image."""
        folder = self.folder_of(cmd)
        if folder is None:
            return False
        for m in self.mounts:
            target = (m.target or "").rstrip("/")
            if m.type == "bind" and target and (folder.rstrip("/") == target or folder.startswith(target + "/")):
                return True
        return False

    @property
    def unseen_script(self) -> Command | None:
        """The first command that runs a script the linter cannot read (``./install.sh``, ``bash
        /tmp/setup.sh``, ``curl ... | sh``): it may install or configure anything."""
        return next((c for c in self.effective_commands if c.script_file is not None or c.runs_stdin_script), None)

    @property
    def exec_args(self) -> tuple[str, ...]:
        return tuple(a.value for a in self.args) if self.json else ()


class Cmd(ShellInstruction):
    __slots__ = ()


class Entrypoint(ShellInstruction):
    __slots__ = ()


class Healthcheck(ShellInstruction):
    __slots__ = ()

    @property
    def is_none(self) -> bool:
        return self.kind is not None and self.kind.value.upper() == "NONE"

    def _parse_script(self) -> Script | None:
        """The shell form, or the text of an exec-form ``["CMD-SHELL", "<command>"]``."""
        if not self.json:
            return super()._parse_script()
        if len(self.command) < 2 or self.command[0].value != "CMD-SHELL" or self.src is None:
            return None
        from deploylint.shell import parse_shell

        elem = self.command[1]
        sp = elem.span
        # the JSON string's characters map one to one when it has no escapes and one line
        exact = sp.start_line == sp.end_line and sp.end_offset - sp.start_offset == len(elem.value) + 2
        first = sp.start_offset + 1
        positions = (
            list(range(first, first + len(elem.value) + 1)) if exact else [sp.start_offset] * (len(elem.value) + 1)
        )
        return parse_shell(elem.value, positions, self.src)

    @property
    def commands(self) -> tuple[Command, ...]:
        """The check's commands (``deploylint.shell.Command``, wrappers looked through): the shell
        form parsed by the shell layer (``CMD-SHELL`` text too), the exec form as one command whose
        words are the JSON elements."""
        cached = cast("tuple[Command, ...] | None", self._cache.get("commands"))
        if cached is None:
            cached = self._commands()
            self._cache["commands"] = cached
        return cached

    def _commands(self) -> tuple[Command, ...]:
        if not self.command or self.src is None:
            return ()
        if self.json and self.command[0].value != "CMD-SHELL":
            from deploylint.shell import command_of_words

            return (command_of_words(tuple((a.value, a.span) for a in self.command)).effective(),)
        script = self.shell_script
        return tuple(c.effective() for c in script.commands) if script is not None else ()

    @property
    def words(self) -> tuple[Located[str], ...]:
        """Every word of the check's commands (names and arguments, unquoted), in source order."""
        return tuple(Located(w.value, w.span) for c in self.commands for w in c.words)

    @property
    def programs(self) -> tuple[Located[str], ...]:
        """Programs the check runs (basenames), each at its command name."""
        return tuple(Located(c.command_name or "", c.name.span) for c in self.commands if c.name is not None)


_SHELLS = {"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"}


def _run_sources(run: Run) -> tuple[ShellText, ...]:
    if run.json or run.shell_text is None:
        return ()
    st = run.shell_text
    out: list[ShellText] = []
    cmdline = st.text.strip()
    body_is_shell = False
    if run.heredocs:
        if len(run.heredocs) == 1 and re.fullmatch(r"\d*<<-?\s*\S+", cmdline):
            first = run.heredocs[0].content.split("\n", 1)[0]
            body_is_shell = not first.startswith("#!") or any(s in first for s in _SHELLS)
        else:
            words = cmdline.split()
            body_is_shell = bool(words) and words[0].rsplit("/", 1)[-1] in _SHELLS
            out.append(st)
    else:
        out.append(st)
    if body_is_shell:
        for h in run.heredocs:
            content = h.content
            if h.chomp:
                # leading tabs are dropped from each line: map line by line
                starts: list[int] = []
                offsets: list[int] = []
                text_parts: list[str] = []
                pos = 0
                src_off = h.body_offset
                for line in content.splitlines(keepends=True):
                    stripped = line.lstrip("\t")
                    cut = len(line) - len(stripped)
                    starts.append(pos)
                    offsets.append(src_off + cut)
                    text_parts.append(stripped)
                    pos += len(stripped)
                    src_off += len(line)
                out.append(ShellText("".join(text_parts), tuple(starts), tuple(offsets)))
            elif content:
                out.append(ShellText(content, (0,), (h.body_offset,)))
    return tuple(out)


def _parse_scripts(run: Run) -> tuple[Script, ...]:
    sources = run.shell_sources
    if not sources or run.src is None:
        return ()
    from deploylint.shell import parse_shell

    dialect = run.shell[0].replace("\\", "/").rsplit("/", 1)[-1] if run.shell else "sh"
    return tuple(parse_shell(s.text, s.positions(), run.src, shell_dialect=dialect) for s in sources)
