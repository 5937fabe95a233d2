"""Typed model of a Dockerfile: instructions with exact spans, stages, and derived facts.

Built by :mod:`deploylint.parsers.dockerfile`. Nodes are frozen slotted dataclasses; derived facts
(effective user, environment, parsed RUN shell) are computed on first use and cached in a private
``_cache`` dict, so rules stay small and nothing is computed twice.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from deploylint.kinds import glob_regex
from deploylint.models.base import Comment, Located
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.models.images import ImageFacts, Tools
    from deploylint.shell import Command, Script

__all__ = [
    "Add",
    "Arg",
    "Cmd",
    "Copy",
    "Directive",
    "DockerIgnore",
    "Dockerfile",
    "EffectiveUser",
    "Entrypoint",
    "Env",
    "EnvValue",
    "Expose",
    "Flag",
    "From",
    "Healthcheck",
    "Heredoc",
    "ImageRef",
    "Instruction",
    "KeyValue",
    "Label",
    "Maintainer",
    "Mount",
    "Onbuild",
    "Run",
    "Shell",
    "ShellText",
    "Stage",
    "Stopsignal",
    "Unknown",
    "User",
    "Volume",
    "Workdir",
]


# --------------------------------------------------------------------------------------------
# text with an offset map


@record
class ShellText:
    """Text joined from several source pieces (continuations removed), with its offset map.

    ``starts[i]`` is the index in ``text`` where piece i begins and ``offsets[i]`` its source
    offset; characters of a piece are contiguous in the source.
    """

    text: str
    starts: tuple[int, ...]
    offsets: tuple[int, ...]

    def offset(self, index: int) -> int:
        """Source offset of ``text[index]`` (``index == len(text)`` maps just past the end)."""
        if not self.starts:
            return 0
        if index >= len(self.text) and self.text:
            return self.offset(len(self.text) - 1) + 1
        i = bisect.bisect_right(self.starts, index) - 1
        i = max(i, 0)
        return self.offsets[i] + index - self.starts[i]

    def positions(self) -> list[int]:
        """One source offset per character, plus one past the end (``len(text) + 1`` entries)."""
        out: list[int] = []
        bounds = [*self.starts[1:], len(self.text)]
        for start, end, off in zip(self.starts, bounds, self.offsets, strict=True):
            out.extend(range(off, off + end - start))
        out.append(out[-1] + 1 if out else (self.offsets[0] if self.offsets else 0))
        return out

    def span(self, src: SourceFile, start: int, end: int) -> Span:
        """Source span of ``text[start:end]``."""
        if end <= start:
            off = self.offset(start)
            return src.span(off, off + 1)
        return src.span(self.offset(start), self.offset(end - 1) + 1)


# --------------------------------------------------------------------------------------------
# instruction parts


@record
class Directive:
    """A parser directive (``# syntax=``, ``# escape=``, ``# check=``)."""

    name: str
    value: str
    span: Span


@record
class Flag:
    """An instruction flag such as ``--mount=type=cache,target=/root/.npm``."""

    name: str
    value: str | None
    span: Span
    raw: str = ""

    @property
    def text(self) -> str:
        return self.raw or (f"--{self.name}" if self.value is None else f"--{self.name}={self.value}")


@record
class Mount:
    """A parsed ``RUN --mount=...`` flag."""

    type: str
    options: tuple[tuple[str, str], ...]
    flag: Flag

    @property
    def span(self) -> Span:
        return self.flag.span

    def get(self, key: str) -> str | None:
        for k, v in self.options:
            if k == key:
                return v
        return None

    @property
    def target(self) -> str | None:
        return self.get("target") or self.get("dst") or self.get("destination")


@record
class Heredoc:
    """A here-document attached to RUN, COPY or ADD."""

    name: str
    chomp: bool
    expand: bool
    fd: int
    content: str
    opener: Span  # the ``<<EOF`` word
    body: Span | None  # the body lines (None when empty)
    terminator: Span
    body_offset: int  # source offset of the first body character

    @property
    def span(self) -> Span:
        return self.opener


@record
class KeyValue:
    """``key=value`` of ENV, LABEL or ARG (``value`` None for ``ARG name``)."""

    key: Located[str]
    value: Located[str] | None
    raw_value: str | None
    legacy: bool = False  # ``ENV key value`` form
    #: legacy form only: the value as written is one word as the ``key=value`` form splits them
    #: (quotes kept), so ``key=<value as written>`` gives the variable the same value
    one_word: bool = False

    @property
    def name(self) -> str:
        return self.key.value

    @property
    def text(self) -> str | None:
        return self.value.value if self.value is not None else None

    @property
    def span(self) -> Span:
        if self.value is None:
            return self.key.span
        return self.key.span.cover(self.value.span)

    @property
    def is_literal(self) -> bool:
        """True when the value has no variable reference (``$X``) in it."""
        return self.raw_value is not None and "$" not in self.raw_value


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


class _ShellInstruction(Instruction):
    """An instruction whose arguments run as a command: RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD."""

    __slots__ = ()

    @property
    def is_shell_form(self) -> bool:
        return not self.json and self.shell_text is not None

    def argvs(self, source: SourceFile) -> tuple[tuple[Located[str], ...], ...]:
        """The argument vectors this instruction runs, each word at its span: the exec-form array,
        or every simple command of the shell form (parsed once by the shared shell layer)."""
        cached = cast("tuple[tuple[Located[str], ...], ...] | None", self._cache.get("argvs"))
        if cached is None:
            if self.json:
                cached = (tuple(self.args),)
            elif self.shell_text is not None:
                from deploylint.shell import parse_shell

                st = self.shell_text
                script = parse_shell(st.text, st.positions(), source)
                cached = tuple(
                    tuple(Located(w.value, w.span) for w in (c.name, *c.args) if w is not None)
                    for c in script.commands
                    if c.name is not None
                )
            else:
                cached = ()
            self._cache["argvs"] = cached
        return cached


class Run(_ShellInstruction):
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


class Cmd(_ShellInstruction):
    __slots__ = ()


class Entrypoint(_ShellInstruction):
    __slots__ = ()


class Healthcheck(_ShellInstruction):
    __slots__ = ()

    @property
    def is_none(self) -> bool:
        return self.kind is not None and self.kind.value.upper() == "NONE"

    @property
    def commands(self) -> tuple[Command, ...]:
        """The check's commands (``deploylint.shell.Command``, wrappers looked through): the shell
        form parsed by the shell layer (``CMD-SHELL`` text too), the exec form as one command whose
        words are the JSON elements."""
        cached = cast("tuple[Command, ...] | None", self._cache.get("commands"))
        if cached is None:
            cached = _healthcheck_commands(self)
            self._cache["commands"] = cached
        return cached

    @property
    def programs(self) -> tuple[Located[str], ...]:
        """Programs the check runs (basenames), each at its command name."""
        return tuple(Located(c.command_name or "", c.name.span) for c in self.commands if c.name is not None)


class Shell(Instruction):
    __slots__ = ()


class _CopyLike(Instruction):
    __slots__ = ()

    @property
    def copies_context(self) -> bool:
        """True when a source is the whole build context (``.``, ``./``, ``*``)."""
        if self.flag("from") is not None:
            return False
        return any(_is_whole_context(s.value) for s in self.sources)


class Copy(_CopyLike):
    __slots__ = ()

    @property
    def from_stage(self) -> Flag | None:
        return self.flag("from")


class Add(_CopyLike):
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


# --------------------------------------------------------------------------------------------
# images, users, stages


_DIGEST = re.compile(r"^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$")


@record
class ImageRef:
    """A base image reference with ARG defaults resolved.

    ``resolved`` is None when the reference uses a variable with no known value (a build arg
    without default, or ``$TARGETPLATFORM``-style automatic args); then the parts are empty.
    """

    raw: Located[str]
    resolved: str | None
    registry: str = ""
    repository: str = ""
    tag: str | None = None
    digest: str | None = None
    stage: Stage | None = field(default=None, compare=False, repr=False)

    @property
    def span(self) -> Span:
        return self.raw.span

    @property
    def is_scratch(self) -> bool:
        return self.resolved is not None and self.resolved.lower() == "scratch"

    @property
    def is_stage(self) -> bool:
        return self.stage is not None

    @property
    def is_resolved(self) -> bool:
        return self.resolved is not None

    @property
    def has_tag(self) -> bool:
        return self.tag is not None

    @property
    def is_latest(self) -> bool:
        return self.tag == "latest"

    @property
    def is_pinned(self) -> bool:
        """Pinned by digest (``@sha256:...``)."""
        return self.digest is not None

    @property
    def deploy_tag_problem(self) -> str | None:
        """Why deploying this reference cannot be rolled back (no tag, ``latest``, an environment tag
        such as ``:production``); None when it is pinned by digest or has another tag."""
        from deploylint.models.images import deploy_tag_problem

        return None if self.is_pinned else deploy_tag_problem(self.tag)

    @property
    def name(self) -> str:
        """The last path component of the repository (``node`` for ``docker.io/library/node``)."""
        return self.repository.rsplit("/", 1)[-1]

    @property
    def facts(self) -> ImageFacts | None:
        """What the base-image table knows about this image, if anything."""
        if self.resolved is None or self.stage is not None:
            return None
        from deploylint.models.images import lookup

        return lookup(self)

    @property
    def tools(self) -> Tools | None:
        """The programs the image ships as far as known: none for ``scratch``, the base-image
        table's answer for a known family, else None."""
        from deploylint.models.images import NO_TOOLS

        if self.is_scratch:
            return NO_TOOLS
        facts = self.facts
        return facts.tools if facts is not None else None


def parse_image_ref(raw: Located[str], resolved: str | None, stage: Stage | None = None) -> ImageRef:
    if resolved is None or stage is not None:
        return ImageRef(raw, resolved, stage=stage)
    from deploylint.models.images import parse_reference

    ref = parse_reference(resolved)
    registry, repository, tag, digest = ref.hub_registry, ref.hub_repository, ref.tag, ref.digest
    return ImageRef(raw, resolved, registry, repository, tag, digest)


@record
class EffectiveUser:
    """Who a stage runs as. ``node`` is the USER instruction that set it, or None when it comes
    from the base image (``source == "image"``) or from nothing at all (``source == "default"``,
    which means root)."""

    name: str
    node: User | None
    source: str  # "user" | "image" | "default"
    stage: Stage

    @property
    def is_root(self) -> bool:
        user = self.name.split(":", 1)[0]
        return user in ("root", "0")

    @property
    def is_unknown(self) -> bool:
        """True when the value uses a variable we cannot resolve."""
        return "$" in self.name


@record
class EnvValue:
    name: str
    value: str
    node: Env | Arg
    pair: KeyValue


@record(frozen=False, eq=False)
class Stage:
    """A build stage: a FROM and the instructions up to the next FROM."""

    index: int
    from_: From
    base: ImageRef
    name: Located[str] | None = None
    parent: Stage | None = None
    instructions: list[Instruction] = field(default_factory=list)
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def span(self) -> Span:
        return self.from_.span

    @property
    def display_name(self) -> str:
        return self.name.value if self.name is not None else str(self.index)

    def of_type(self, cls: type[_I]) -> Iterator[_I]:
        return (i for i in self.instructions if isinstance(i, cls))

    @property
    def chain(self) -> list[Stage]:
        """This stage and the stages it is built FROM, nearest first (computed once, in one pass:
        a membership test on the list made it quadratic per stage, cubic for a long FROM chain)."""
        cached = cast("list[Stage] | None", self._cache.get("chain"))
        if cached is None:
            cached = []
            seen: set[int] = set()
            st: Stage | None = self
            while st is not None and id(st) not in seen:
                seen.add(id(st))
                cached.append(st)
                st = st.parent
            self._cache["chain"] = cached
        return list(cached)

    @property
    def root_base(self) -> ImageRef:
        """The external image at the bottom of the FROM-stage chain."""
        return self.chain[-1].base

    @property
    def runs(self) -> tuple[Run, ...]:
        """The stage's RUN instructions in file order, ``ONBUILD RUN`` triggers included (as the
        inner RUN, at its own span): a trigger runs in every image built FROM this one, so the
        advice about a RUN applies to it as if it stood in the stage (hadolint checks it so too)."""
        cached = cast("tuple[Run, ...] | None", self._cache.get("runs"))
        if cached is None:
            cached = tuple(i for i in self.with_triggers() if isinstance(i, Run))
            self._cache["runs"] = cached
        return cached

    @property
    def triggers(self) -> tuple[Instruction, ...]:
        """The inner instructions of the stage's ``ONBUILD`` triggers, in file order."""
        return tuple(i.inner for i in self.instructions if isinstance(i, Onbuild) and i.inner is not None)

    def with_triggers(self) -> Iterator[Instruction]:
        """The stage's instructions, each ``ONBUILD`` followed by its inner instruction."""
        for ins in self.instructions:
            yield ins
            if isinstance(ins, Onbuild) and ins.inner is not None:
                yield ins.inner

    def commands(self, *names: str, inherited: bool = False) -> Iterator[tuple[Run, Command]]:
        """(RUN, command) for every shell command of this stage (and of the stages it is built
        FROM with ``inherited``), wrappers such as ``sudo``/``env`` looked through; only commands
        whose name is one of ``names`` when names are given."""
        runs = self.inherited_runs if inherited else self.runs
        wanted = set(names)
        for run in runs:
            for eff in run.effective_commands:
                if not wanted or eff.command_name in wanted:
                    yield run, eff

    def installs(self, package: str) -> bool:
        """Whether this stage or one it is built FROM installs ``package`` with a system package
        manager (apk, apt-get, yum, dnf...) or copies in a file of that name."""
        from deploylint.models.installs import OS_MANAGERS, Action, run_installs

        for run in self.inherited_runs:
            for inst in run_installs(run):
                if inst.manager not in OS_MANAGERS or inst.action is not Action.INSTALL:
                    continue
                if any(re.split(r"[=<>~]", p.word.value, maxsplit=1)[0] == package for p in inst.packages):
                    return True
        for st in self.chain:
            for ins in st.instructions:
                if isinstance(ins, _CopyLike) and ins.dest is not None:
                    names = [s.value.rstrip("/").rsplit("/", 1)[-1] for s in (*ins.sources, ins.dest)]
                    if package in names:
                        return True
        return False

    def unseen_scripts(self) -> Iterator[tuple[Run, Command]]:
        """(RUN, command) for each RUN of this stage or one it is built FROM that runs a script the
        linter cannot read (see :attr:`Run.unseen_script`)."""
        for run in self.inherited_runs:
            cmd = run.unseen_script
            if cmd is not None:
                yield run, cmd

    @property
    def inherited_runs(self) -> tuple[Run, ...]:
        """RUN instructions of this stage and of the stages it is built FROM, in build order."""
        return tuple(r for st in reversed(self.chain) for r in st.runs)

    def in_effect(self, cls: type[_I]) -> _I | None:
        """The instruction of type ``cls`` in effect: the last one of the stage chain, if any."""
        for st in self.chain:
            found = [i for i in st.instructions if isinstance(i, cls)]
            if found:
                return found[-1]
        return None

    @property
    def healthcheck(self) -> Healthcheck | None:
        """The HEALTHCHECK in effect (the last one of the stage chain), if any."""
        return self.in_effect(Healthcheck)

    @property
    def start(self) -> _ShellInstruction | None:
        """What the image starts: the ENTRYPOINT in effect, else the CMD in effect, else None."""
        return self.in_effect(Entrypoint) or self.in_effect(Cmd)

    @property
    def start_words(self) -> tuple[str, ...]:
        """The words of the ENTRYPOINT and the CMD in effect, in that order (exec-form elements,
        or the shell form split on blanks): what the container runs, for telling what it is."""
        out: list[str] = []
        for ins in (self.in_effect(Entrypoint), self.in_effect(Cmd)):
            if ins is not None:
                shell = ins.shell_text.text if ins.shell_text is not None else ""
                out += [a.value for a in ins.args] if ins.json else shell.split()
        return tuple(out)

    @property
    def effective_user(self) -> EffectiveUser:
        cached = cast("EffectiveUser | None", self._cache.get("user"))
        if cached is None:
            cached = self._compute_user()
            self._cache["user"] = cached
        return cached

    def _compute_user(self) -> EffectiveUser:
        for st in self.chain:
            users = [(u, u.user) for u in st.of_type(User) if u.user is not None]
            if users:
                node, user = users[-1]
                return EffectiveUser(user.value, node, "user", self)
        facts = self.root_base.facts
        if facts is not None and facts.default_user is not None:
            return EffectiveUser(facts.default_user, None, "image", self)
        return EffectiveUser("root", None, "default", self)

    @property
    def env(self) -> dict[str, EnvValue]:
        """ENV in effect at the end of the stage (inherited from FROM stages), by name."""
        cached = cast("dict[str, EnvValue] | None", self._cache.get("env"))
        if cached is not None:
            return cached
        # built from the bottom of the chain up, without recursing once per FROM link
        pending = []
        for st in self.chain:
            if "env" in st._cache:
                break
            pending.append(st)
        for st in reversed(pending):
            above = st.parent
            env: dict[str, EnvValue] = (
                dict(cast("dict[str, EnvValue]", above._cache.get("env", {}))) if above is not None else {}
            )
            for ins in st.instructions:
                if isinstance(ins, Env):
                    for p in ins.pairs:
                        env[p.name] = EnvValue(p.name, p.text or "", ins, p)
            st._cache["env"] = env
        return cast("dict[str, EnvValue]", self._cache["env"])

    def env_before(self, node: Instruction) -> Mapping[str, str]:
        """ENV names and values in effect when ``node`` runs (inherited ones included): a view
        over an index built once per stage (a copy per call was quadratic in the ENV count)."""
        index = cast("_EnvIndex | None", self._cache.get("env_index"))
        if index is None:
            index = self._cache["env_index"] = _EnvIndex(self)
        pos = index.position.get(id(node), len(self.instructions))
        return _EnvAt(index, pos)


class _EnvIndex:
    """Where each ENV name is set in a stage: the positions (instruction indexes) and values."""

    __slots__ = ("base", "position", "sets")

    def __init__(self, stage: Stage) -> None:
        self.base = {k: v.value for k, v in stage.parent.env.items()} if stage.parent is not None else {}
        self.position = {id(ins): i for i, ins in enumerate(stage.instructions)}
        self.sets: dict[str, tuple[list[int], list[str]]] = {}
        for i, ins in enumerate(stage.instructions):
            if isinstance(ins, Env):
                for p in ins.pairs:
                    at, values = self.sets.setdefault(p.name, ([], []))
                    at.append(i)
                    values.append(p.text or "")


class _EnvAt(Mapping[str, str]):
    """The ENV in effect before the instruction at ``pos`` (see ``Stage.env_before``)."""

    __slots__ = ("index", "pos")

    def __init__(self, index: _EnvIndex, pos: int) -> None:
        self.index = index
        self.pos = pos

    def __getitem__(self, name: str) -> str:
        got = self.index.sets.get(name)
        if got is not None:
            i = bisect.bisect_left(got[0], self.pos)
            if i:
                return got[1][i - 1]
        return self.index.base[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.index.base
        for name, (at, _) in self.index.sets.items():
            if at[0] < self.pos and name not in self.index.base:
                yield name

    def __len__(self) -> int:
        return sum(1 for _ in self)


@record
class IgnorePattern:
    text: str
    negate: bool
    span: Span


@record
class DockerIgnore:
    """The ``.dockerignore`` of a build context, as found next to the Dockerfile."""

    source: SourceFile
    patterns: tuple[IgnorePattern, ...]

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def span(self) -> Span:
        return Span(1, 1, 1, 2, 0, 1, file=self.source)

    def excludes(self, path: str) -> bool:
        """Whether ``path`` (relative, ``/``-separated) is left out of the context."""
        excluded = False
        for p in self.patterns:
            if _ignore_match(p.text, path):
                excluded = not p.negate
        return excluded


def _ignore_match(pattern: str, path: str) -> bool:
    """A ``.dockerignore`` line against a context path (a trailing ``/`` does not restrict to folders)."""
    return glob_regex(pattern.strip("/").removeprefix("./"), dir_only=False).match(path) is not None


@record(frozen=False, eq=False)
class Dockerfile:
    """A parsed Dockerfile."""

    source: SourceFile
    instructions: list[Instruction]
    stages: list[Stage]
    global_args: list[Arg]
    directives: list[Directive]
    escape: str = "\\"
    #: ``.dockerignore`` of the build context (the Dockerfile's folder), if there is one
    context_dockerignore: DockerIgnore | None = None
    #: the build context folder used to look for it
    context_dir: Path | None = None
    #: blank lines inside a continuation (BuildKit's NoEmptyContinuation)
    empty_continuations: tuple[Span, ...] = ()
    #: every comment of the file (parser directives included), for policy rules on pragmas
    comments: tuple[Comment, ...] = ()
    #: where the file runs, from :func:`deploylint.profiles.profile_of` (config globs, the file's
    #: name, its folders): ``production``, ``development`` or None when nothing tells
    profile: str | None = None
    #: where the parse errors (DKR000) are, for fixes that must not delete a broken instruction
    #: (which would hide the error instead of reporting it)
    error_spans: tuple[Span, ...] = ()
    #: ``required-labels`` of the config: (label key, form of its value), see models/labels.py
    label_schema: tuple[tuple[str, str], ...] = ()
    #: ``strict-labels``: labels outside the schema are reported
    strict_labels: bool = False
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def result_stages(self) -> list[Stage]:
        """The stages no other stage builds FROM or copies from: the images the file produces
        (the final stage, and any stage built only with ``--target``)."""
        used: set[int] = set()
        for st in self.stages:
            if st.parent is not None and st.parent is not st:
                used.add(st.parent.index)
            for ins in st.instructions:
                ref = ins.from_stage if isinstance(ins, Copy) else None
                if ref is not None and ref.value is not None:
                    src = self.stage_named(ref.value)
                    if src is None and ref.value.isdigit() and int(ref.value) < len(self.stages):
                        src = self.stages[int(ref.value)]
                    if src is not None and src is not st:
                        used.add(src.index)
        return [st for st in self.stages if st.index not in used]

    def labels_of(self, stage: Stage) -> dict[str, KeyValue]:
        """The labels an image built from ``stage`` carries: its own and its FROM stages', by key
        (the nearest wins)."""
        out: dict[str, KeyValue] = {}
        for st in reversed(stage.chain):
            for ins in st.instructions:
                if isinstance(ins, Label):
                    for pair in ins.pairs:
                        out[pair.name] = pair
        return out

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def is_development_image(self) -> bool:
        """The image is for development or tests: the file's profile says so (``Dockerfile.dev``,
        ``test/Dockerfile``, a config glob), or its final stage is named for it (``dev``,
        ``test``, ``development``...). Advice about production images (dropping dev
        dependencies, image size, running as root, health checks) does not apply."""
        from deploylint.profiles import DEV_WORDS, DEVELOPMENT, words

        if self.profile == DEVELOPMENT:
            return True
        final = self.final_stage
        return final is not None and final.name is not None and bool(words(final.name.value) & DEV_WORDS)

    @property
    def is_multi_stage(self) -> bool:
        return len(self.stages) > 1

    def stage_named(self, name: str) -> Stage | None:
        low = name.lower()
        for st in self.stages:
            if st.name is not None and st.name.value.lower() == low:
                return st
        return None

    def runs_program(self, *names: str) -> bool:
        """Whether any RUN of any stage runs one of these programs."""
        return any(True for st in self.stages for _ in st.commands(*names))

    def walk(self) -> Iterator[Instruction]:
        """Every instruction, ONBUILD triggers' inner instructions included."""
        for ins in self.instructions:
            yield ins
            if isinstance(ins, Onbuild) and ins.inner is not None:
                yield ins.inner

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None

    @property
    def final_image_stages(self) -> list[Stage]:
        """The final stage and the stages it is built FROM (what ships in the image)."""
        final = self.final_stage
        return final.chain if final is not None else []


# --------------------------------------------------------------------------------------------
# helpers


def _is_whole_context(source: str) -> bool:
    s = source.strip()
    while s.startswith("./"):
        s = s[2:]
    return s in ("", ".", "*", "/")


def parse_mount(flag: Flag) -> Mount | None:
    if flag.value is None:
        return None
    opts: list[tuple[str, str]] = []
    for part in _split_csv(flag.value):
        key, sep, value = part.partition("=")
        opts.append((key.strip().lower(), value.strip() if sep else "true"))
    mtype = next((v for k, v in opts if k == "type"), "bind")
    return Mount(mtype.lower(), tuple(opts), flag)


def _split_csv(value: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    quote = ""
    for ch in value:
        if quote:
            if ch == quote:
                quote = ""
            else:
                cur.append(ch)
        elif ch in "\"'":
            quote = ch
        elif ch == ",":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p for p in out if p]


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
    try:
        shell = importlib.import_module("deploylint.shell")
    except ImportError:  # pragma: no cover - the shell parser lands separately
        return ()
    parse_shell = shell.parse_shell
    dialect = run.shell[0].replace("\\", "/").rsplit("/", 1)[-1] if run.shell else "sh"
    return tuple(parse_shell(s.text, s.positions(), run.src, shell_dialect=dialect) for s in sources)


def _healthcheck_commands(hc: Healthcheck) -> tuple[Command, ...]:
    if not hc.command or hc.src is None:
        return ()
    shell = importlib.import_module("deploylint.shell")
    if hc.json and hc.command[0].value != "CMD-SHELL":
        return (shell.command_of_words(tuple((a.value, a.span) for a in hc.command)).effective(),)
    if hc.json:
        if len(hc.command) < 2:
            return ()
        elem = hc.command[1]
        sp = elem.span
        # the JSON string's characters map one to one when it has no escapes and one line
        exact = sp.start_line == sp.end_line and sp.end_offset - sp.start_offset == len(elem.value) + 2
        first = sp.start_offset + 1
        positions = (
            list(range(first, first + len(elem.value) + 1)) if exact else [sp.start_offset] * (len(elem.value) + 1)
        )
        script = shell.parse_shell(elem.value, positions, hc.src)
    else:
        st = hc.shell_text
        if st is None:
            return ()
        script = shell.parse_shell(st.text, st.positions(), hc.src)
    return tuple(c.effective() for c in script.commands)


def stage_instructions(stages: Sequence[Stage]) -> Iterator[Instruction]:
    for st in stages:
        yield from st.instructions
