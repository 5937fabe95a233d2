"""Dependabot version-update configuration (``.github/dependabot.yml``, ``.yaml``).

Built once by :mod:`deploylint.parsers.dependabot` from the positioned YAML tree
(:mod:`deploylint.models.tree`); rules only read it. :data:`SCHEMA` is the file's structure as
GitHub's "Dependabot options reference" documents it (keys, value types, allowed values);
:func:`schema_problems` checks a tree against it and gives each problem the node it is about,
so the parser reports it at its exact position (GHA062).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field

from deploylint.models.tree import YMap, YNode, YPair, YScalar, YSeq
from deploylint.records import record
from deploylint.source import SourceFile, Span

#: ``package-ecosystem`` values GitHub documents (beta ones need ``enable-beta-ecosystems: true``)
ECOSYSTEMS = frozenset(
    {"bazel", "bun", "bundler", "cargo", "composer", "conda", "deno", "devcontainers", "docker"}
    | {"docker-compose", "dotnet-sdk", "elm", "github-actions", "gitsubmodule", "gomod", "gradle", "helm"}
    | {"julia", "maven", "mix", "nix", "npm", "nuget", "opentofu", "pip", "pre-commit", "pub", "rust-toolchain"}
    | {"sbt", "swift", "terraform", "uv", "vcpkg"}
)
#: package managers GitHub reads under another ecosystem's name (its reference lists them so)
MANAGED_BY = {
    "yarn": "npm",
    "pnpm": "npm",
    "pipenv": "pip",
    "pip-compile": "pip",
    "poetry": "pip",
    "gradle-kotlin": "gradle",
}
INTERVALS = ("daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "cron")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REGISTRY_TYPES = (
    "cargo-registry",
    "composer-repository",
    "docker-registry",
    "git",
    "goproxy-server",
    "hex-organization",
    "hex-repository",
    "helm-registry",
    "maven-repository",
    "npm-registry",
    "nuget-feed",
    "pub-repository",
    "python-index",
    "rubygems-server",
    "terraform-registry",
)
_SEMVER_UPDATES = ("version-update:semver-major", "version-update:semver-minor", "version-update:semver-patch")
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")


@record(eq=False)
class Shape:
    """What one value of the file may be: ``kind`` is ``string``, ``integer``, ``boolean``,
    ``list`` (of ``items``), ``object`` (with the named ``keys``) or ``map`` (any keys, each
    value of ``items``)."""

    kind: str
    enum: tuple[str, ...] = ()
    keys: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None
    required: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    #: a ``string`` must match this (``HH:MM``)
    pattern: re.Pattern[str] | None = None
    #: a retired key: why, and what to write instead
    retired: str = ""


_STR = Shape("string")
_STRS = Shape("list", items=_STR)
_BOOL = Shape("boolean")
_DAYS_1_90 = Shape("integer", low=1, high=90)
_SCHEDULE = Shape(
    "object",
    keys={
        "interval": Shape("string", enum=INTERVALS),
        "day": Shape("string", enum=DAYS),
        "time": Shape("string", pattern=_TIME),
        "timezone": _STR,
        "cronjob": _STR,
    },
    required=("interval",),
)
_COMMIT_MESSAGE = Shape(
    "object", keys={"prefix": _STR, "prefix-development": _STR, "include": Shape("string", enum=("scope",))}
)
_BRANCH_NAME = Shape("object", keys={"separator": Shape("string", enum=("-", "_", "/"))}, required=("separator",))
_UPDATE_TYPES = Shape("list", items=Shape("string", enum=_SEMVER_UPDATES))
_DEPENDENCY_TYPE = Shape("string", enum=("direct", "indirect", "all", "production", "development"))
_GROUP = Shape(
    "object",
    keys={
        "applies-to": Shape("string", enum=("version-updates", "security-updates")),
        "dependency-type": Shape("string", enum=("development", "production")),
        "patterns": _STRS,
        "exclude-patterns": _STRS,
        "update-types": Shape("list", items=Shape("string", enum=("major", "minor", "patch"))),
        "group-by": Shape("string", enum=("dependency-name",)),
    },
)
_COOLDOWN = Shape(
    "object",
    keys={
        "default-days": _DAYS_1_90,
        "semver-major-days": _DAYS_1_90,
        "semver-minor-days": _DAYS_1_90,
        "semver-patch-days": Shape("integer", low=0, high=90),
        "include": _STRS,
        "exclude": _STRS,
    },
)
UPDATE = Shape(
    "object",
    keys={
        "package-ecosystem": _STR,
        "directory": _STR,
        "directories": _STRS,
        "schedule": _SCHEDULE,
        "allow": Shape(
            "list",
            items=Shape(
                "object",
                keys={"dependency-name": _STR, "dependency-type": _DEPENDENCY_TYPE, "update-types": _UPDATE_TYPES},
            ),
        ),
        "ignore": Shape(
            "list",
            items=Shape(
                "object", keys={"dependency-name": _STR, "versions": Shape("any"), "update-types": _UPDATE_TYPES}
            ),
        ),
        "assignees": _STRS,
        "labels": _STRS,
        "milestone": Shape("integer", low=1),
        "commit-message": _COMMIT_MESSAGE,
        "cooldown": _COOLDOWN,
        "exclude-paths": _STRS,
        "groups": Shape("map", items=_GROUP),
        "insecure-external-code-execution": Shape("string", enum=("allow", "deny")),
        "name": _STR,
        "open-pull-requests-limit": Shape("integer", low=0),
        "pull-request-branch-name": _BRANCH_NAME,
        "rebase-strategy": Shape("string", enum=("auto", "disabled")),
        "registries": Shape("any"),
        "target-branch": _STR,
        "vendor": _BOOL,
        "versioning-strategy": Shape(
            "string", enum=("auto", "increase", "increase-if-necessary", "lockfile-only", "widen")
        ),
        "patterns": _STRS,
        "multi-ecosystem-group": _STR,
        "reviewers": Shape(
            "any",
            retired="GitHub retired 'reviewers' in August 2025; Dependabot requests reviews from CODEOWNERS instead",
        ),
    },
    required=("package-ecosystem",),
)
_REGISTRY = Shape(
    "object",
    keys={
        "type": Shape("string", enum=REGISTRY_TYPES),
        "url": _STR,
        "username": _STR,
        "password": _STR,
        "key": _STR,
        "token": _STR,
        "replaces-base": _BOOL,
        "organization": _STR,
        "repo": _STR,
        "auth-key": _STR,
        "public-key-fingerprint": _STR,
        "registry": _STR,
        "tenant-id": _STR,
        "client-id": _STR,
        "identity-mapping-name": _STR,
        "scope": _STR,
        "audience": _STR,
        "aws-region": _STR,
        "account-id": _STR,
        "role-name": _STR,
        "domain": _STR,
        "domain-owner": _STR,
        "jfrog-oidc-provider-name": _STR,
    },
    required=("type",),
)
_MULTI_GROUP = Shape(
    "object",
    keys={
        "schedule": _SCHEDULE,
        "labels": _STRS,
        "assignees": _STRS,
        "milestone": Shape("integer", low=1),
        "target-branch": _STR,
        "commit-message": _COMMIT_MESSAGE,
        "pull-request-branch-name": _BRANCH_NAME,
        "open-pull-requests-limit": Shape("integer", low=0),
        "update-types": Shape("list", items=Shape("string", enum=("major", "minor", "patch"))),
        "dependency-type": Shape("string", enum=("development", "production")),
        "exclude-patterns": _STRS,
    },
    required=("schedule",),
)
SCHEMA = Shape(
    "object",
    keys={
        "version": Shape("any"),
        "updates": Shape("list", items=UPDATE),
        "registries": Shape("map", items=_REGISTRY),
        "enable-beta-ecosystems": _BOOL,
        "multi-ecosystem-groups": Shape("map", items=_MULTI_GROUP),
    },
    required=("version", "updates"),
)


@record(eq=False)
class Problem:
    """A place where the file breaks :data:`SCHEMA` (or one of the rules beside it)."""

    message: str
    span: Span


def scalar(node: YNode | None) -> YScalar | None:
    """``node`` when it is a scalar that is not null."""
    return node if isinstance(node, YScalar) and not node.is_null else None


def _kind_name(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if isinstance(node, YScalar) and node.is_null:
        return "empty"
    return f"{node.value!r}" if isinstance(node, YScalar) else "this"


_ARTICLE = {"string": "a string", "integer": "an integer", "boolean": "true or false", "list": "a list"}


def _suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    from deploylint.suggest import closest

    close = closest(word, options) or next((o for o in sorted(options) if o.lower() == word.lower()), None)
    return f"; did you mean {close!r}?" if close else ""


class _Checker:
    def __init__(self) -> None:
        self.out: list[Problem] = []
        self.seen: set[int] = set()

    def add(self, message: str, span: Span) -> None:
        self.out.append(Problem(message, span))

    def check(self, node: YNode, shape: Shape, where: str) -> None:
        if id(node) in self.seen:  # an alias: its node was checked where it is written
            return
        self.seen.add(id(node))
        kind = shape.kind
        if kind == "any":
            return
        if kind in ("object", "map"):
            if not isinstance(node, YMap):
                self.add(f"{where} must be a mapping, not {_kind_name(node)}", node.span)
                return
            self.mapping(node, shape, where)
            return
        if kind == "list":
            if not isinstance(node, YSeq):
                self.add(f"{where} must be a list, not {_kind_name(node)}", node.span)
                return
            assert shape.items is not None
            for i, item in enumerate(node.items):
                self.check(item, shape.items, f"{where}[{i}]")
            return
        if not isinstance(node, YScalar) or node.is_null:
            self.add(f"{where} must be {_ARTICLE[kind]}, not {_kind_name(node)}", node.span)
            return
        self.scalar(node, shape, where)

    def scalar(self, node: YScalar, shape: Shape, where: str) -> None:
        kind = shape.kind
        if kind == "boolean" and node.as_bool() is None:
            self.add(f"{where} must be true or false, not {node.value!r}", node.span)
        elif kind == "integer":
            number = node.as_int()
            if number is None:
                self.add(f"{where} must be an integer, not {node.value!r}", node.span)
            elif shape.low is not None and number < shape.low:
                self.add(f"{where} must be at least {shape.low}, not {number}", node.span)
            elif shape.high is not None and number > shape.high:
                self.add(f"{where} must be at most {shape.high}, not {number}", node.span)
        elif kind == "string":
            if shape.enum and node.value not in shape.enum:
                allowed = ", ".join(shape.enum)
                self.add(
                    f"{where} is {node.value!r}, not one of {allowed}{_suggest(node.value, shape.enum)}", node.span
                )
            elif shape.pattern is not None and not shape.pattern.fullmatch(node.value):
                self.add(f"{where} must be a time of day written HH:MM, not {node.value!r}", node.span)

    def mapping(self, node: YMap, shape: Shape, where: str) -> None:
        for odd in node.odd_keys:
            self.add(f"{where} keys must be plain strings", odd.span)
        for p in node.pairs:
            if p.merged:
                continue
            self.pair(p, shape, where)
        if shape.kind == "object":
            for key in shape.required:
                if node.get(key) is None:
                    self.add(f"{where or 'the file'} has no {key!r}", _head(node))

    def pair(self, p: YPair, shape: Shape, where: str) -> None:
        key = p.key.value
        if shape.kind == "map":
            assert shape.items is not None
            self.check(p.value, shape.items, f"{where}[{key!r}]")
            return
        sub = shape.keys.get(key)
        if sub is None:
            self.add(f"unknown key {key!r} in {where or 'the top level'}{_suggest(key, list(shape.keys))}", p.key.span)
        elif sub.retired:
            self.add(f"{key!r} in {where or 'the top level'}: {sub.retired}", p.key.span)
        else:
            self.check(p.value, sub, f"{where}.{key}" if where else key)


def _head(node: YMap) -> Span:
    """Where a mapping begins, as one character (a missing key is reported there)."""
    s = node.span
    src = s.file
    if src is None:
        return s
    return src.span(s.start_offset, s.start_offset + 1)


def schema_problems(root: YNode | None) -> list[Problem]:
    """Every place ``root`` breaks :data:`SCHEMA`, and the documented rules between keys: an
    update names ``directory`` or ``directories`` (one of them), has a ``schedule`` unless it
    joins a ``multi-ecosystem-group`` (which needs ``patterns`` and a group of that name), a
    ``cron`` interval has a ``cronjob`` (and only it has one), ``version`` is 2, and an ecosystem is one GitHub
    documents unless ``enable-beta-ecosystems`` is on."""
    if root is None:
        return []
    c = _Checker()
    if not isinstance(root, YMap):
        c.add(
            f"a Dependabot configuration is a mapping with 'version' and 'updates', not {_kind_name(root)}", root.span
        )
        return c.out
    c.check(root, SCHEMA, "")
    version = root.get("version")
    if version is not None and not (isinstance(version, YScalar) and version.value.strip() == "2"):
        c.add(f"version must be 2, not {_kind_name(version)}", version.span)
    beta = scalar(root.get("enable-beta-ecosystems"))
    beta_on = beta is not None and beta.as_bool() is True
    groups = root.get("multi-ecosystem-groups")
    group_names = set(groups.keys()) if isinstance(groups, YMap) else set()
    if isinstance(groups, YMap):
        for p in groups.pairs:
            _schedule_rules(c, p.value.get("schedule") if isinstance(p.value, YMap) else None)
    updates = root.get("updates")
    for i, u in enumerate(updates.items if isinstance(updates, YSeq) else ()):
        if isinstance(u, YMap):
            _update_rules(c, u, f"updates[{i}]", beta_on=beta_on, groups=group_names)
    return sorted(c.out, key=lambda p: (p.span.start_offset, p.message))


def _update_rules(c: _Checker, u: YMap, where: str, *, beta_on: bool, groups: set[str]) -> None:
    has_dir, has_dirs = u.get("directory") is not None, u.get("directories") is not None
    if has_dir and has_dirs:
        p = u.pair("directories")
        assert p is not None
        c.add(f"{where} names both 'directory' and 'directories'; keep one", p.key.span)
    elif not has_dir and not has_dirs:
        c.add(f"{where} has no 'directory' (or 'directories')", _head(u))
    group = u.pair("multi-ecosystem-group")
    if group is None:
        if u.get("schedule") is None:
            c.add(f"{where} has no 'schedule' (needed unless the update joins a 'multi-ecosystem-group')", _head(u))
    else:
        name = scalar(group.value)
        if u.get("patterns") is None:
            c.add(f"{where} joins a multi-ecosystem group but has no 'patterns'", group.key.span)
        if name is not None and name.value not in groups:
            hint = _suggest(name.value, sorted(groups)) if groups else ""
            c.add(f"multi-ecosystem group {name.value!r} is not defined in 'multi-ecosystem-groups'{hint}", name.span)
    _schedule_rules(c, u.get("schedule"))
    eco = scalar(u.get("package-ecosystem"))
    if eco is not None and eco.value in MANAGED_BY:
        c.add(
            f"{where}.package-ecosystem {eco.value!r} is not an ecosystem name; "
            f"{eco.value} projects are updated with package-ecosystem: {MANAGED_BY[eco.value]}",
            eco.span,
        )
    elif eco is not None and not beta_on and eco.value not in ECOSYSTEMS:
        c.add(
            f"{where}.package-ecosystem {eco.value!r} is not an ecosystem Dependabot supports"
            f"{_suggest(eco.value, sorted(ECOSYSTEMS))} (a beta one needs 'enable-beta-ecosystems: true')",
            eco.span,
        )


def _schedule_rules(c: _Checker, schedule: YNode | None) -> None:
    if not isinstance(schedule, YMap):
        return
    interval = scalar(schedule.get("interval"))
    cronjob = schedule.pair("cronjob")
    if interval is not None and interval.value == "cron" and cronjob is None:
        c.add("a 'cron' schedule needs a 'cronjob' expression", interval.span)
    elif interval is not None and interval.value in INTERVALS and interval.value != "cron" and cronjob is not None:
        c.add(f"'cronjob' is only allowed with 'interval: cron', not {interval.value!r}", cronjob.key.span)


@record(eq=False)
class Update:
    """One entry of ``updates``: the keys rules read, each with the node where it is written."""

    node: YMap
    index: int
    ecosystem: YScalar | None
    #: the ``cooldown`` pair (its key is where a finding about it points)
    cooldown: YPair | None
    #: ``cooldown.default-days``, when the cooldown is a mapping that sets it
    default_days: YPair | None
    #: the ``insecure-external-code-execution`` pair
    external_code: YPair | None
    multi_ecosystem_group: YScalar | None

    @property
    def name(self) -> str:
        """How a message names the update: its ecosystem, or its place in the list."""
        return f"'{self.ecosystem.value}'" if self.ecosystem is not None else f"#{self.index + 1}"

    @property
    def version_updates_off(self) -> bool:
        """``open-pull-requests-limit: 0``: no version update pull requests (security updates only)."""
        limit = scalar(self.node.get("open-pull-requests-limit"))
        return limit is not None and limit.as_int() == 0

    @property
    def head(self) -> Span:
        """Where the entry begins (its first key)."""
        return _head(self.node)

    def default_days_value(self) -> int | None:
        """``cooldown.default-days`` as a number, or None (absent, or not an integer)."""
        v = scalar(self.default_days.value) if self.default_days is not None else None
        return v.as_int() if v is not None else None


@record(eq=False)
class DependabotConfig:
    """A ``.github/dependabot.yml``: its tree and its ``updates``."""

    source: SourceFile
    root: YNode | None
    updates: tuple[Update, ...] = ()

    def __iter__(self) -> Iterator[Update]:
        return iter(self.updates)


def build_update(node: YMap, index: int) -> Update:
    cooldown = node.pair("cooldown")
    default_days = cooldown.value.pair("default-days") if cooldown and isinstance(cooldown.value, YMap) else None
    return Update(
        node,
        index,
        scalar(node.get("package-ecosystem")),
        cooldown,
        default_days,
        node.pair("insecure-external-code-execution"),
        scalar(node.get("multi-ecosystem-group")),
    )


def updates_of(root: YNode | None) -> tuple[Update, ...]:
    updates = root.get("updates") if isinstance(root, YMap) else None
    if not isinstance(updates, YSeq):
        return ()
    return tuple(build_update(u, i) for i, u in enumerate(updates.items) if isinstance(u, YMap))


__all__ = ["SCHEMA", "DependabotConfig", "Problem", "Shape", "Update", "scalar", "schema_problems", "updates_of"]
