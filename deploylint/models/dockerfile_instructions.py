"""Dockerfile instructions: the one ``Instruction`` record and its plain subclasses.

The instructions that run a command (RUN, CMD, ENTRYPOINT, HEALTHCHECK) and their shell views live
in :mod:`deploylint.models.dockerfile_commands`.
"""

from __future__ import annotations

from dataclasses import field
from typing import TypeVar

from deploylint.models.base import Located
from deploylint.models.dockerfile_parts import Flag, Heredoc, KeyValue, ShellText
from deploylint.records import record
from deploylint.source import SourceFile, Span

# --------------------------------------------------------------------------------------------
# instructions


@record(eq=False, kw_only=True)
class Instruction:
    """One instruction. ``keyword`` is as written; ``name`` is upper case.

    ``args`` are the arguments as BuildKit's parser splits them (JSON elements, whitespace words
    or the whole rest as one string, depending on the instruction); ``rest`` is the text after the
    flags with continuations joined.
    """

    name: str
    keyword: Located[str]
    span: Span
    flags: tuple[Flag, ...] = ()
    args: tuple[Located[str], ...] = ()
    rest: Located[str] | None = None
    json: bool = False
    heredocs: tuple[Heredoc, ...] = ()
    stage_index: int = -1  # -1 before the first FROM
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False, hash=False)
    # Fields of particular instructions live here too, so the many instruction classes below are
    # plain subclasses: generating a dataclass costs ~1 ms at import, and a one-file run counts.
    #: FROM: the image word, ``AS name``, the ``AS`` keyword, ``--platform``
    image: Located[str] | None = None
    stage_name: Located[str] | None = None
    as_keyword: Located[str] | None = None
    platform: Located[str] | None = None
    #: RUN/CMD/ENTRYPOINT/HEALTHCHECK: the shell-form command text (None in exec form)
    shell_text: ShellText | None = None
    src: SourceFile | None = field(default=None, compare=False, repr=False)
    #: RUN: the SHELL in effect
    shell: tuple[str, ...] = ("/bin/sh", "-c")
    #: HEALTHCHECK: CMD / NONE (anything else is an error) and the command
    kind: Located[str] | None = None
    command: tuple[Located[str], ...] = ()
    #: COPY/ADD
    sources: tuple[Located[str], ...] = ()
    dest: Located[str] | None = None
    #: USER/WORKDIR/MAINTAINER/STOPSIGNAL: the single argument
    value: Located[str] | None = None
    #: ENV/LABEL/ARG
    pairs: tuple[KeyValue, ...] = ()
    #: ONBUILD: the trigger instruction
    inner: Instruction | None = None

    def flag(self, name: str) -> Flag | None:
        """The last flag named ``name`` (without dashes)."""
        found = None
        for f in self.flags:
            if f.name == name:
                found = f
        return found

    def flags_named(self, name: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.name == name)

    @property
    def start_line(self) -> int:
        return self.span.start_line


_I = TypeVar("_I", bound=Instruction)


class From(Instruction):
    __slots__ = ()


class Shell(Instruction):
    __slots__ = ()


class CopyLike(Instruction):
    """COPY or ADD: sources from the build context (or ``--from`` a stage or image) to a destination."""

    __slots__ = ()

    @property
    def copies_context(self) -> bool:
        """True when a source is the whole build context (``.``, ``./``, ``*``)."""
        if self.flag("from") is not None:
            return False
        return any(is_whole_context(s.value) for s in self.sources)


class Copy(CopyLike):
    __slots__ = ()

    @property
    def from_stage(self) -> Flag | None:
        return self.flag("from")


class Add(CopyLike):
    __slots__ = ()


class User(Instruction):
    __slots__ = ()

    @property
    def user(self) -> Located[str] | None:
        return self.value

    @property
    def user_name(self) -> str:
        return self.user.value.split(":", 1)[0] if self.user else ""

    @property
    def is_root(self) -> bool:
        return self.user is not None and self.user_name in ("root", "0")


class Env(Instruction):
    __slots__ = ()


class Label(Instruction):
    __slots__ = ()


class Arg(Instruction):
    __slots__ = ()


class Workdir(Instruction):
    __slots__ = ()

    @property
    def path(self) -> Located[str] | None:
        return self.value

    @property
    def is_absolute(self) -> bool:
        """The path does not depend on the working folder before it: ``/app``, a variable
        (``$HOME``), ``\\app`` or a drive (``C:``)."""
        path = (self.path.value if self.path is not None else "").strip("\"'")
        return path.startswith(("/", "$", "\\")) or (len(path) > 1 and path[1] == ":")


class Expose(Instruction):
    __slots__ = ()


class Volume(Instruction):
    __slots__ = ()


class Stopsignal(Instruction):
    __slots__ = ()


class Maintainer(Instruction):
    __slots__ = ()


class Onbuild(Instruction):
    __slots__ = ()


class Unknown(Instruction):
    __slots__ = ()


def is_whole_context(source: str) -> bool:
    """A COPY/ADD source that names the whole build context: ``.``, ``./``, ``*`` or ``/``."""
    s = source.strip()
    while s.startswith("./"):
        s = s[2:]
    return s in ("", ".", "*", "/")
