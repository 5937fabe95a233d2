"""Build stages of a Dockerfile and what holds at the end of each: the FROM chain, the user it
runs as, the ENV in effect, the RUNs (ONBUILD triggers included) and the command it starts."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, cast

from deploylint.models.base import Located
from deploylint.models.dockerfile_commands import Cmd, Entrypoint, Healthcheck, Run, ShellInstruction
from deploylint.models.dockerfile_instructions import (
    _I,
    Arg,
    CopyLike,
    Env,
    From,
    Instruction,
    Onbuild,
    User,
    Workdir,
)
from deploylint.models.dockerfile_parts import KeyValue
from deploylint.records import record
from deploylint.source import Span

if TYPE_CHECKING:
    from deploylint.models.images import ImageRef
    from deploylint.shell import Command


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

    def _above(self, key: str, own: Callable[[Stage], bool]) -> bool:
        """``own`` holds for a stage this one is built FROM (itself not included). Memoised per
        stage from its parent's answer, so every stage is looked at once however many stages ask
        and however long the chain: linear in the stages, where ``any(... for st in chain)`` per
        stage was quadratic."""
        below = f"{key}:below"  # own() holds for the stage or one it is built FROM
        todo: list[Stage] = []
        seen: set[int] = set()
        st = self.parent
        while st is not None and below not in st._cache and id(st) not in seen:
            seen.add(id(st))
            todo.append(st)
            st = st.parent
        known = bool(st._cache.get(below, False)) if st is not None else False
        for st in reversed(todo):
            known = known or own(st)
            st._cache[below] = known
        return known

    @property
    def workdir_above(self) -> bool:
        """A WORKDIR is set in a stage this one is built FROM (directly or further down)."""
        return self._above("workdir", lambda st: any(True for _ in st.of_type(Workdir)))

    @property
    def absolute_workdir_above(self) -> bool:
        """An absolute WORKDIR (``/app``, ``$HOME``, ``C:\\app``) is set in a stage this one is
        built FROM."""
        return self._above("abs-workdir", lambda st: any(w.is_absolute for w in st.of_type(Workdir)))

    @property
    def bottom(self) -> Stage:
        """The last stage of the chain (built FROM an external image), memoised per stage from
        its parent's, so asking every stage is linear."""
        todo: list[Stage] = []
        st: Stage = self
        while "bottom" not in st._cache and st.parent is not None and st.parent.index < st.index:
            todo.append(st)
            st = st.parent
        found = cast("Stage", st._cache.setdefault("bottom", st))
        for t in todo:
            t._cache["bottom"] = found
        return found

    @property
    def root_base(self) -> ImageRef:
        """The external image at the bottom of the FROM-stage chain."""
        return self.bottom.base

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
                if isinstance(ins, CopyLike) and ins.dest is not None:
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
    def start(self) -> ShellInstruction | None:
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


def stage_tree(stages: Sequence[Stage]) -> Iterator[tuple[Stage, bool]]:
    """Every stage once, depth first over the FROM links, without recursion: ``(stage, True)``
    on the way down (every stage it is built FROM was entered before and not yet left), then
    ``(stage, False)`` once every stage built FROM it has been left. Linear in the stages; a
    walk that keeps what the stages above declared (a counter it adds to on the way down and
    takes from on the way up) answers "declared above?" for every stage without a set per stage."""
    children: dict[int, list[Stage]] = {}
    roots: list[Stage] = []
    for st in stages:
        if st.parent is not None and st.parent.index < st.index:
            children.setdefault(st.parent.index, []).append(st)
        else:
            roots.append(st)
    stack: list[tuple[Stage, bool]] = [(st, True) for st in reversed(roots)]
    while stack:
        st, entering = stack.pop()
        yield st, entering
        if entering:
            stack.append((st, False))
            stack += [(c, True) for c in reversed(children.get(st.index, ()))]


def stage_instructions(stages: Sequence[Stage]) -> Iterator[Instruction]:
    for st in stages:
        yield from st.instructions
