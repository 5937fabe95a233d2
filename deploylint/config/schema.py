"""The config file's schema, and its validation. Unknown keys are errors that name the key.

The schema is written once, as annotated records; :func:`validate` reads the annotations. It used
to be a pydantic model, but importing pydantic costs ~75 ms and building the models more, which a
pre-commit run of a project that has a config paid on every commit (measured: 190 ms against 80 ms
for one Dockerfile). pydantic still validates what needs its power: typed rule options
(:mod:`deploylint.options`) and the SARIF report models.

Keys are written in kebab-case (``fail-on``) or snake_case (``fail_on``). Values are checked
strictly (a TOML or YAML file already gives typed values): an integer where a number is expected
is fine, a string where a boolean is expected is an error.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import field
from typing import Literal, TypeVar

from deploylint.findings import Severity
from deploylint.kinds import Kind
from deploylint.models.workflow_pin_policy import Policy
from deploylint.records import record
from deploylint.suggest import did_you_mean

_R = TypeVar("_R")

__all__ = ["Config", "ConfigValueError", "RuleConfig", "section_dict", "validate"]


@record(frozen=False)
class RuleConfig:
    enabled: bool | None = None
    severity: Severity | None = None
    #: path globs where the rule is off
    ignore: list[str] = field(default_factory=list)
    #: the rule's options as written (checked against its options dataclass by deploylint.options)
    options: dict[str, object] = field(default_factory=dict)


@record(frozen=False)
class ForbiddenUses:
    """``forbidden-uses = {allow = [...]}`` or ``{deny = [...]}``: ``uses:`` patterns (GHA059)."""

    #: only actions matching one of these may be used
    allow: list[str] | None = None
    #: actions matching one of these may not be used
    deny: list[str] | None = None

    def config_problems(self) -> list[str]:
        """What validation by type cannot see: exactly one list, and every pattern well formed
        (each problem is ``"<key>: <message>"``, the key relative to this record)."""
        from deploylint.models.workflow_uses import PATTERN_FORMS, parse_uses_pattern

        if (self.allow is None) == (self.deny is None):
            return [": give exactly one of 'allow' or 'deny'"]
        key, patterns = ("allow", self.allow) if self.allow is not None else ("deny", self.deny or [])
        return [
            f".{key}.{i}: invalid pattern {pat!r}: expected {PATTERN_FORMS}"
            for i, pat in enumerate(patterns)
            if isinstance(pat, str) and parse_uses_pattern(pat) is None
        ]


@record(frozen=False)
class WorkflowSection:
    """``[tool.deploylint.workflow]``: how workflows are read (see docs/configuration.md)."""

    #: owner/repo glob -> pin policy (GHA009)
    pin_policy: dict[str, Policy] | None = None
    #: command prefixes that deploy
    deploy_commands: list[str] | None = None
    #: owner/repo[/path] of actions that deploy
    deploy_actions: list[str] | None = None
    #: job-id globs that count as test jobs (GHA013)
    test_jobs: list[str] | None = None
    #: image scanners, commands or actions (GHA008)
    scanners: list[str] | None = None
    #: custom labels of the user's self-hosted or larger runners (GHA041)
    self_hosted_labels: list[str] | None = None
    #: an allow or deny list of ``uses:`` patterns (GHA059)
    forbidden_uses: ForbiddenUses | None = None

    def config_problems(self) -> list[str]:
        """What validation by type cannot see: every pin-policy key is a glob over actions or
        ``docker://`` images (each problem is ``"<key>: <message>"``, relative to this record)."""
        from deploylint.models.workflow_pin_policy import key_problem

        out = []
        for key in self.pin_policy or {}:
            problem = key_problem(key)
            if problem is not None:
                out.append(f".pin-policy.{key}: {problem}")
        return out


@record(frozen=False)
class NginxSection:
    """``[tool.deploylint.nginx]``."""

    #: the folder, relative to the scan root, that stands for /etc/nginx in include paths
    prefix: str | None = None


LabelForm = Literal["text", "url", "rfc3339", "spdx", "hash", "semver", "email"]


@record(frozen=False)
class DockerfileSection:
    """``[tool.deploylint.dockerfile]``."""

    #: label key -> the form of its value (DKR073-075, opt-in): every image must carry these
    required_labels: dict[str, LabelForm] | None = None
    #: with required-labels: a label outside the schema is reported too (DKR075)
    strict_labels: bool | None = None


@record(frozen=False)
class EmptySection:
    """A per-kind section that has no settings yet (``compose``, ``project``)."""


@record(frozen=False)
class Config:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    preset: Literal["default", "strict"] = "default"
    preview: bool = False
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)
    profiles: dict[str, Literal["production", "development"]] = field(default_factory=dict)
    #: bytes; at most 1 GiB (a read of that size + 1 must fit the platform's limits)
    max_file_size: int | None = field(default=None, metadata={"gt": 0, "le": 2**30})
    respect_gitignore: bool = True
    jobs: int | None = field(default=None, metadata={"ge": 1, "le": 1024})
    #: seconds per file; 0 = no limit; at most a day (a timer of 1e300 s overflows)
    file_timeout: float | None = field(default=None, metadata={"ge": 0, "le": 86_400})
    #: where `check` keeps its cache (relative to the config's folder)
    cache_dir: str | None = None
    #: rules (selectors) whose unsafe fixes `--fix` applies as if they were safe
    extend_safe_fixes: list[str] = field(default_factory=list)
    #: rules (selectors) whose safe fixes need `--unsafe-fixes`
    extend_unsafe_fixes: list[str] = field(default_factory=list)
    dockerfile: DockerfileSection = field(default_factory=DockerfileSection)
    compose: EmptySection = field(default_factory=EmptySection)
    nginx: NginxSection = field(default_factory=NginxSection)
    workflow: WorkflowSection = field(default_factory=WorkflowSection)
    project: EmptySection = field(default_factory=EmptySection)


def section_dict(section: EmptySection | DockerfileSection | NginxSection | WorkflowSection) -> dict[str, object]:
    """The keys a per-kind section sets, kebab-cased as the settings readers look them up."""
    out: dict[str, object] = {}
    for f in dataclasses.fields(section):
        value = getattr(section, f.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # a nested record (forbidden-uses) is handed on as the plain mapping it was written as
            value = {
                k.name: getattr(value, k.name) for k in dataclasses.fields(value) if getattr(value, k.name) is not None
            }
        if value is not None:
            out[f.name.replace("_", "-")] = value
    return out


class ConfigValueError(ValueError):
    """Every problem of a config document, each naming its key (``rules.DKR001.severty``)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


_HINTS: dict[type, dict[str, object]] = {}


def _hints(cls: type) -> dict[str, object]:
    got = _HINTS.get(cls)
    if got is None:
        got = _HINTS[cls] = typing.get_type_hints(cls)
    return got


def validate(cls: type[_R], raw: Mapping[str, object]) -> _R:
    """An instance of the record ``cls`` from ``raw``; raises ConfigValueError listing every problem."""
    problems: list[str] = []
    out = _record(cls, raw, "", problems)
    if problems:
        raise ConfigValueError(problems)
    return out


def _record(cls: type[_R], raw: Mapping[str, object], prefix: str, problems: list[str]) -> _R:
    hints = _hints(cls)
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"config schema: {cls!r} is not a record")  # a bug in the schema
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, object] = {}
    before = len(problems)
    for key, value in raw.items():
        loc = f"{prefix}{key}"
        name = str(key).replace("-", "_")
        f = fields.get(name)
        if f is None or name in values:
            if f is None:
                known = [n if "_" in str(key) else n.replace("_", "-") for n in fields]
                problems.append(f"unknown key {loc!r}{did_you_mean(str(key), known)}")
            else:
                problems.append(f"{loc}: given twice")
            continue
        values[name] = _value(hints[name], value, loc, dict(f.metadata), problems)
    out = cls(**values)
    check = getattr(out, "config_problems", None)
    if callable(check) and len(problems) == before:  # its own checks only once its keys are sound
        problems.extend(f"{prefix.rstrip('.')}{p}" for p in check())
    return out


#: types a value must simply be an instance of, and how an error names them
_PLAIN: dict[type, str] = {bool: "a valid boolean", str: "a valid string"}


def _describe(choices: list[object]) -> str:
    quoted = [repr(c.value if isinstance(c, enum.Enum) else c) for c in choices]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _hint(value: object, choices: list[object]) -> str:
    """``"; did you mean 'any'?"`` for a string close to one of the choices."""
    if not isinstance(value, str):
        return ""
    return did_you_mean(value, [str(c.value if isinstance(c, enum.Enum) else c) for c in choices])


def _value(tp: object, value: object, loc: str, limits: Mapping[str, float], problems: list[str]) -> object:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is object:
        return value
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _value(inner, value, loc, limits, problems)
    if origin is Literal:
        if value in args and isinstance(value, str):
            return value
        problems.append(f"{loc}: Input should be {_describe(list(args))}{_hint(value, list(args))}")
        return None
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            problems.append(f"{loc}: Input should be {_describe(list(tp))}{_hint(value, list(tp))}")
            return None
    if isinstance(tp, type) and tp in _PLAIN:
        if isinstance(value, tp):
            return value
        problems.append(f"{loc}: Input should be {_PLAIN[tp]}")
        return None
    if tp in (int, float):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and tp is not float)
        ):
            problems.append(f"{loc}: Input should be a valid {'integer' if tp is int else 'number'}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(f"{loc}: Input should be a finite number")
            return None
        if "gt" in limits and not value > limits["gt"]:
            problems.append(f"{loc}: Input should be greater than {limits['gt']}")
        if "ge" in limits and not value >= limits["ge"]:
            problems.append(f"{loc}: Input should be greater than or equal to {limits['ge']}")
        if "le" in limits and not value <= limits["le"]:
            problems.append(f"{loc}: Input should be less than or equal to {limits['le']:,}")
        return value
    if origin is list:
        if not isinstance(value, (list, tuple)):
            problems.append(f"{loc}: Input should be a valid list")
            return []
        return [_value(args[0], v, f"{loc}.{i}", {}, problems) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            problems.append(f"{loc}: Input should be a valid dictionary")
            return {}
        return {str(k): _value(args[1], v, f"{loc}.{k}", {}, problems) for k, v in value.items()}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            problems.append(f"{loc}: Input should be a valid dictionary")
            return tp()
        return _record(tp, value, f"{loc}.", problems)
    raise TypeError(f"config schema: unsupported annotation {tp!r} at {loc}")  # a bug in the schema
