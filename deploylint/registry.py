"""Rules and the registry that finds them.

``@rule(...)`` turns a check function into a :class:`Rule` object and has no side effect. The
registry imports the rule modules of the kinds a scan needs (``deploylint.rules.<kind>``) and of
installed packs (entry-point group ``deploylint.rules``), and collects module-level Rule objects.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Literal, Protocol, TypeAlias, TypeVar, overload

from deploylint.context import Context, OptionsT
from deploylint.findings import Finding, Severity
from deploylint.kinds import PREFIX, RULE_PACKAGE, Kind
from deploylint.records import record

if TYPE_CHECKING:
    from typing import Required, TypedDict, Unpack

    from deploylint.models.compose import ComposeFile
    from deploylint.models.dependabot import DependabotConfig
    from deploylint.models.dockerfile import Dockerfile
    from deploylint.models.ecs import EcsFile
    from deploylint.models.nginx import NginxConfig
    from deploylint.models.pm2 import Pm2File
    from deploylint.models.project import Project
    from deploylint.models.workflow import Workflow

#: the model a rule checks (``Dockerfile``, ``ComposeFile``...); the registry's view of a rule of
#: whatever model is :class:`AnyRule`
ModelT = TypeVar("ModelT")

__all__ = ["AnyRule", "Check", "Kind", "Registry", "Rule", "RuleMeta", "SelectorError", "Status", "rule"]


class Status(StrEnum):
    PREVIEW = "preview"
    STABLE = "stable"
    DEPRECATED = "deprecated"


#: a rule's check: the model of one file (or the project) and the context, to findings
Check: TypeAlias = Callable[[ModelT, Context[OptionsT]], Iterable[Finding]]


@record
class RuleMeta:
    id: str
    name: str
    title: str
    kinds: tuple[Kind, ...]
    severity: Severity
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    status: Status = Status.STABLE
    fixable: bool = False
    precision: str = "high"
    security_severity: float | None = None
    #: the rule's options dataclass (validated from config by :mod:`deploylint.options`), or None
    options_model: type[object] | None = None
    doc: str = ""
    #: the rule reads ``ctx.project``: the engine runs it after linking, not while scanning files
    needs_project: bool = False

    @property
    def kind(self) -> Kind:
        return self.kinds[0]

    @property
    def is_security(self) -> bool:
        return "security" in self.tags


@record
class Rule(Generic[ModelT, OptionsT]):
    """A check with its metadata, typed by the model it reads and its options (``Rule[Dockerfile, NoOptions]``)."""

    meta: RuleMeta
    check: Check[ModelT, OptionsT]

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def name(self) -> str:
        return self.meta.name


class AnyRule(Protocol):
    """A rule of whatever model and options, as the registry, the engine and the reporters hold it.

    Every :class:`Rule` is one. The check's parameters are not typed here: the engine pairs each
    rule with the model of its kind and the options validated against its ``options_model``,
    a pairing the type checker cannot follow through a registry of every kind. What the check
    does with them is checked where it is declared (``@rule``'s overloads tie the kind to the
    model and ``options=`` to ``Context[...]``); here only its result is.
    """

    @property
    def meta(self) -> RuleMeta: ...
    @property
    def check(self) -> Callable[..., Iterable[Finding]]: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


if TYPE_CHECKING:

    class _Declared(TypedDict, total=False):
        """The keywords of :func:`rule` besides ``kind`` and ``options``."""

        id: Required[str]
        name: Required[str]
        title: Required[str]
        severity: Required[Severity]
        tags: tuple[str, ...]
        aliases: tuple[str, ...]
        status: Status
        fixable: bool
        precision: str
        security_severity: float | None
        needs_project: bool

    #: what ``@rule(...)`` returns for a rule of model M: the decorator that wraps its check
    _Wrap: TypeAlias = Callable[[Check[ModelT, OptionsT]], Rule[ModelT, OptionsT]]


# One overload per kind: mypy checks that the check function takes the model of the declared kind
# and a ``Context`` of the declared options type (``Context`` alone when there are none).
@overload
def rule(
    *, kind: Literal[Kind.DOCKERFILE], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[Dockerfile, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.COMPOSE], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[ComposeFile, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.NGINX], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[NginxConfig, OptionsT]: ...
@overload
def rule(
    *,
    kind: Literal[Kind.WORKFLOW, Kind.ACTION] | tuple[Literal[Kind.WORKFLOW], Literal[Kind.ACTION]],
    options: type[OptionsT] | None = None,
    **meta: Unpack[_Declared],
) -> _Wrap[Workflow, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.DEPENDABOT], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[DependabotConfig, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.ECS], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[EcsFile, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.PM2], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[Pm2File, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.PROJECT], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[Project, OptionsT]: ...
@overload
def rule(
    *, kind: Literal[Kind.CORE], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[object, OptionsT]: ...
@overload
def rule(
    *, kind: Kind | tuple[Kind, ...], options: type[OptionsT] | None = None, **meta: Unpack[_Declared]
) -> _Wrap[ModelT, OptionsT]: ...
def rule(
    *,
    id: str,  # noqa: A002 - the natural name
    name: str,
    title: str,
    kind: Kind | tuple[Kind, ...],
    severity: Severity,
    tags: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
    status: Status = Status.STABLE,
    fixable: bool = False,
    precision: str = "high",
    security_severity: float | None = None,
    options: type[OptionsT] | None = None,
    needs_project: bool = False,
) -> _Wrap[ModelT, OptionsT]:
    """Declare a rule. The decorated function's docstring is its documentation."""
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def wrap(fn: Check[ModelT, OptionsT]) -> Rule[ModelT, OptionsT]:
        meta = RuleMeta(
            id=id,
            name=name,
            title=title,
            kinds=kinds,
            severity=severity,
            tags=tags,
            aliases=aliases,
            status=status,
            fixable=fixable,
            precision=precision,
            security_severity=security_severity,
            options_model=options,
            doc=fn.__doc__ or "",
            needs_project=needs_project,
        )
        return Rule(meta, fn)

    return wrap


class SelectorError(ValueError):
    """A select/ignore entry names no rule."""


@record(frozen=False, slots=False)
class Registry:
    rules: dict[str, AnyRule] = field(default_factory=dict)
    loaded_kinds: set[Kind] = field(default_factory=set)
    _by_key: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def discover(cls, kinds: Iterable[Kind] | None = None) -> Registry:
        reg = cls()
        reg.load(kinds if kinds is not None else list(Kind))
        return reg

    @property
    def complete(self) -> bool:
        return self.loaded_kinds >= set(Kind)

    def load(self, kinds: Iterable[Kind]) -> None:
        """Import the rule modules of ``kinds`` (and the CORE rules) if not yet loaded."""
        wanted = {Kind.CORE, *kinds}
        for kind in sorted(wanted - self.loaded_kinds, key=lambda k: k.value):
            self.loaded_kinds.add(kind)
            for r in _rules_in_package(RULE_PACKAGE[kind]):
                self.add(r)
            if kind is Kind.CORE:
                for r in _entry_point_rules():
                    self.add(r)

    def add(self, r: AnyRule) -> None:
        """Register one rule (loading does it for every rule module of a kind)."""
        if r.id in self.rules:
            if self.rules[r.id] is r:
                return
            raise ValueError(f"duplicate rule id {r.id}")
        self.rules[r.id] = r
        for key in (r.id, r.name, *r.meta.aliases):
            self._by_key.setdefault(key.lower(), []).append(r.id)

    def __iter__(self) -> Iterator[AnyRule]:
        return iter(sorted(self.rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> AnyRule | None:
        """A rule by id, name or alias (case-insensitive)."""
        ids = self._by_key.get(key.lower())
        return self.rules[ids[0]] if ids else None

    def named(self, selector: str) -> set[str]:
        """Rule ids a selector names exactly (id, name or alias), not by prefix or tag."""
        return set(self._by_key.get(selector.strip().lower(), ()))

    def resolve(self, selector: str) -> set[str]:
        """Rule ids a selector names: an id, a name, a peer alias, an id prefix, a tag, or ALL."""
        sel = selector.strip()
        low = sel.lower()
        if low == "all":
            return set(self.rules)
        ids = set(self._by_key.get(low, ()))
        if ids:
            return ids
        up = sel.upper()
        ids = {rid for rid in self.rules if rid.startswith(up)} if up and up[0].isalpha() else set()
        if ids:
            return ids
        ids = {r.id for r in self.rules.values() if low in r.meta.tags}
        if not ids and sel.upper() in PREFIX.values():
            return set()  # a valid prefix of a kind with no rules loaded
        return ids

    def resolve_all(self, selectors: Iterable[str], *, strict: bool = True) -> set[str]:
        out: set[str] = set()
        for sel in selectors:
            ids = self.resolve(sel)
            if not ids and not self.complete:
                self.load(list(Kind))
                ids = self.resolve(sel)
            if not ids and strict and sel.strip().upper() not in PREFIX.values():
                raise SelectorError(f"unknown rule selector {sel!r}")
            out |= ids
        return out


def _rules_in_package(package: str) -> Iterator[AnyRule]:
    try:
        pkg = importlib.import_module(package)
    except ModuleNotFoundError:
        return
    paths = getattr(pkg, "__path__", None)
    if paths is None:
        return
    for name in _module_names(paths, package):
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, Rule) and value.check.__module__ == module.__name__:
                yield value


def _module_names(paths: Iterable[str], package: str) -> list[str]:
    """The public modules of a rule package, subpackages included, sorted (no pkgutil: start-up)."""
    names: set[str] = set()
    for folder in paths:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.name.startswith(("_", ".")):
                continue
            if e.is_file() and e.name.endswith(".py"):
                names.add(f"{package}.{e.name[:-3]}")
            elif e.is_dir() and os.path.isfile(os.path.join(e.path, "__init__.py")):  # noqa: PTH118, PTH113
                sub = f"{package}.{e.name}"
                names.add(sub)
                names.update(_module_names([e.path], sub))
    return sorted(names)


def _entry_point_rules() -> Iterator[AnyRule]:
    """Rules from installed packs (entry-point group ``deploylint.rules``).

    ``importlib.metadata.entry_points()`` parses every installed distribution's metadata, which costs
    tens of milliseconds in a large environment; a one-file pre-commit run cannot afford that. We
    first look for the group's name in the ``entry_points.txt`` files on ``sys.path`` and only then
    ask importlib.metadata.
    """
    if not _any_pack_installed():
        return
    from importlib.metadata import entry_points

    for ep in entry_points(group="deploylint.rules"):
        obj = ep.load()
        if isinstance(obj, Rule):
            yield obj
        elif isinstance(obj, (list, tuple)):
            yield from (r for r in obj if isinstance(r, Rule))


def _any_pack_installed() -> bool:
    import sys

    for entry in sys.path:
        try:
            folders = [p for p in Path(entry or ".").iterdir() if p.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        for folder in folders:
            try:
                if "[deploylint.rules]" in (folder / "entry_points.txt").read_text(encoding="utf-8"):
                    return True
            except (OSError, UnicodeDecodeError):
                continue
    return False
