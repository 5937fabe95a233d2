"""Types of GitHub Actions expressions and the one table of contexts they are checked against.

:data:`CONTEXT_TABLE` is the single source: each context's properties and their types, and for
each workflow key (GitHub's "context availability" reference) the contexts and special functions
an expression there may use. The workflow itself types ``steps``, ``needs``, ``matrix``,
``inputs``, ``jobs`` and (for reusable workflows) ``secrets``: see
:mod:`deploylint.models.workflow_scope`.

A type is one of :data:`ANY`, :data:`STRING`, :data:`NUMBER`, :data:`BOOL`, :data:`NULL`, an
:class:`Obj` or an :class:`Arr`. An ``Obj`` is *strict* when its properties are all known (a
missing one is a mistake), else a map whose values have type ``rest``.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

__all__ = [
    "ACTION_OUTPUTS",
    "ANY",
    "AVAILABILITY",
    "BOOL",
    "CONTEXT_TABLE",
    "NULL",
    "NUMBER",
    "STRING",
    "Arr",
    "Obj",
    "Prim",
    "Type",
    "describe",
    "merge",
    "same_shape",
    "static_context",
]


class Prim:
    """A primitive type: any, string, number, bool or null."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ANY = Prim("any")
STRING = Prim("string")
NUMBER = Prim("number")
BOOL = Prim("bool")
NULL = Prim("null")


class Obj:
    """An object: known ``props`` (lower-case names), and ``rest`` for any other name (None:
    strict, no other property exists)."""

    __slots__ = ("_any", "_props", "label", "rest")

    def __init__(self, props: Mapping[str, Type] | None = None, rest: Type | None = None, label: str = "") -> None:
        self._props: dict[str, Type] = {k.lower(): v for k, v in (props or {}).items()}
        self.rest = rest
        #: the message for a missing property, with a ``{name}`` placeholder
        self.label = label
        self._any: Type | None = None

    @property
    def props(self) -> dict[str, Type]:
        """The known properties by lower-case name (a view may make them on demand)."""
        return self._props

    def any_value(self) -> Type:
        """The type of any one property value (``steps.*``, ``toJSON`` of every value): the known
        ones merged with ``rest`` (a view may answer from what it keeps). Kept once made: a
        context reached by many expressions (``needs.*`` of a job needing 1,500 others, read by
        1,500 steps) was merged again for each."""
        if self._any is None:
            elem: Type | None = self.rest
            for v in self.props.values():
                elem = v if elem is None else merge(elem, v)
            self._any = elem if elem is not None else ANY
        return self._any

    def names(self) -> Set[str]:
        """The names of the known properties, for a suggestion (a view answers without making
        :attr:`props`)."""
        return self._props.keys()

    @property
    def strict(self) -> bool:
        return self.rest is None

    def get(self, name: str) -> Type | None:
        got = self._props.get(name.lower())
        if got is not None:
            return got
        return self.rest

    def __repr__(self) -> str:
        return "object"


class Arr:
    __slots__ = ("elem",)

    def __init__(self, elem: Type) -> None:
        self.elem = elem

    def __repr__(self) -> str:
        return "array"


Type = Prim | Obj | Arr


def describe(t: Type) -> str:
    """The type's name in a message: ``a string``, ``an object``, ``an array``, ``null``..."""
    if isinstance(t, Obj):
        return "an object"
    if isinstance(t, Arr):
        return "an array"
    if t is NULL:
        return "null"
    if t is ANY:
        return "any value"
    return "a boolean" if t is BOOL else f"a {t.name}"


def merge(a: Type, b: Type) -> Type:
    """One type for a value that is either ``a`` or ``b`` (objects merge their properties and
    stop being strict: a property one side lacks is null there, not a mistake)."""
    if a is b:
        return a
    if isinstance(a, Obj) and isinstance(b, Obj):
        props = dict(a.props)
        for k, v in b.props.items():
            props[k] = merge(props[k], v) if k in props else v
        if a.rest is None and b.rest is None and a.props.keys() == b.props.keys():
            return Obj(props, None, a.label)  # rows of one shape stay strict
        rest = ANY if a.rest is None or b.rest is None else merge(a.rest, b.rest)
        return Obj(props, rest)
    if isinstance(a, Arr) and isinstance(b, Arr):
        return Arr(merge(a.elem, b.elem))
    return ANY


_S = STRING
_MAP_S = Obj(rest=STRING)

#: The contexts GitHub documents with their fixed properties. ``None`` marks contexts that the
#: workflow types (steps, needs, matrix, inputs, jobs) or whose type depends on it (secrets).
_GITHUB = Obj(
    {
        **dict.fromkeys(
            (
                "action",
                "action_path",
                "action_ref",
                "action_repository",
                "action_status",
                "actor",
                "actor_id",
                "api_url",
                "base_ref",
                "env",
                "event_name",
                "event_path",
                "graphql_url",
                "head_ref",
                "job",
                "output",
                "path",
                "ref",
                "ref_name",
                "ref_type",
                "repository",
                "repository_id",
                "repository_owner",
                "repository_owner_id",
                "repositoryurl",
                "retention_days",
                "run_attempt",
                "run_id",
                "run_number",
                "secret_source",
                "server_url",
                "sha",
                "state",
                "step_summary",
                "token",
                "triggering_actor",
                "workflow",
                "workflow_ref",
                "workflow_sha",
                "workspace",
            ),
            _S,
        ),
        "ref_protected": BOOL,
        "event": ANY,
    },
    label="the github context has no property '{name}'",
)
_RUNNER = Obj(
    dict.fromkeys(("name", "os", "arch", "temp", "tool_cache", "debug", "environment"), _S),
    label="the runner context has no property '{name}'",
)
_JOB = Obj(
    {
        "container": Obj({"id": _S, "network": _S}, label="job.container has no property '{name}'"),
        "services": Obj(
            rest=Obj({"id": _S, "network": _S, "ports": Obj(rest=_S)}, label="a job service has no property '{name}'")
        ),
        "status": _S,
        "check_run_id": NUMBER,
        "workflow_ref": _S,
        "workflow_sha": _S,
        "workflow_repository": _S,
        "workflow_file_path": _S,
    },
    label="the job context has no property '{name}'",
)
_STRATEGY = Obj(
    {"fail-fast": BOOL, "job-index": NUMBER, "job-total": NUMBER, "max-parallel": NUMBER},
    label="the strategy context has no property '{name}'",
)

CONTEXT_TABLE: dict[str, Type | None] = {
    "github": _GITHUB,
    "env": _MAP_S,
    "vars": _MAP_S,
    "secrets": None,
    "runner": _RUNNER,
    "job": _JOB,
    "strategy": _STRATEGY,
    "steps": None,
    "needs": None,
    "matrix": None,
    "inputs": None,
    "jobs": None,
}

_JOB_BASE = ("github", "needs", "strategy", "matrix", "vars", "inputs")
_STEP_ALL = (*_JOB_BASE, "job", "runner", "env", "secrets", "steps")
_STATUS = ("always", "cancelled", "success", "failure")

#: workflow key -> (contexts available there, special functions callable there). The keys are
#: those of GitHub's context availability table (``<job_id>`` and friends written as ``*``).
AVAILABILITY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "run-name": (("github", "inputs", "vars"), ()),
    "concurrency": (("github", "inputs", "vars"), ()),
    "env": (("github", "secrets", "inputs", "vars"), ()),
    "defaults.run": ((), ()),
    "on.workflow_call.inputs.*.default": (("github", "inputs", "vars"), ()),
    "on.workflow_call.outputs.*.value": (("github", "jobs", "vars", "inputs"), ()),
    "jobs.*.concurrency": (_JOB_BASE, ()),
    "jobs.*.container": (_JOB_BASE, ()),
    "jobs.*.container.credentials": ((*_JOB_BASE, "env", "secrets"), ()),
    "jobs.*.container.env.*": ((*_JOB_BASE, "job", "runner", "env", "secrets"), ()),
    "jobs.*.continue-on-error": (_JOB_BASE, ()),
    "jobs.*.defaults.run": ((*_JOB_BASE, "env"), ()),
    "jobs.*.env": ((*_JOB_BASE, "secrets"), ()),
    "jobs.*.environment": (_JOB_BASE, ()),
    "jobs.*.environment.url": ((*_JOB_BASE, "job", "runner", "env", "steps"), ()),
    "jobs.*.if": (("github", "needs", "vars", "inputs"), _STATUS),
    "jobs.*.name": (_JOB_BASE, ()),
    "jobs.*.outputs.*": (_STEP_ALL, ()),
    "jobs.*.runs-on": (_JOB_BASE, ()),
    "jobs.*.secrets.*": ((*_JOB_BASE, "secrets"), ()),
    "jobs.*.services": (_JOB_BASE, ()),
    "jobs.*.services.*.credentials": ((*_JOB_BASE, "env", "secrets"), ()),
    "jobs.*.services.*.env.*": ((*_JOB_BASE, "job", "runner", "env", "secrets"), ()),
    "jobs.*.snapshot": (_JOB_BASE, ()),
    "jobs.*.steps.continue-on-error": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.env": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.if": (tuple(c for c in _STEP_ALL if c != "secrets"), (*_STATUS, "hashfiles")),
    "jobs.*.steps.name": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.run": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.timeout-minutes": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.with": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.working-directory": (_STEP_ALL, ("hashfiles",)),
    "jobs.*.steps.id": ((), ()),
    "jobs.*.steps.shell": ((), ()),
    "jobs.*.steps.uses": ((), ()),
    "jobs.*.strategy": (("github", "needs", "vars", "inputs"), ()),
    "jobs.*.timeout-minutes": (_JOB_BASE, ()),
    "jobs.*.with.*": (_JOB_BASE, ()),
}

#: outputs of popular actions (their current major versions): ``steps.<id>.outputs`` of a step that
#: uses one of them is strict. Every other action's outputs are an open map.
ACTION_OUTPUTS: dict[str, tuple[str, ...]] = {
    "actions/cache": ("cache-hit", "cache-primary-key", "cache-matched-key"),
    "actions/cache/restore": ("cache-hit", "cache-primary-key", "cache-matched-key"),
    "actions/checkout": ("ref", "commit"),
    "actions/setup-node": ("cache-hit", "node-version"),
    "actions/setup-python": ("python-version", "cache-hit", "python-path"),
    "actions/setup-go": ("go-version", "cache-hit"),
    "actions/upload-artifact": ("artifact-id", "artifact-url", "artifact-digest"),
    "actions/download-artifact": ("download-path",),
    "octokit/request-action": ("data", "status", "headers"),
}

#: functions that only some keys allow (every other function works everywhere)
SPECIAL_FUNCTIONS = frozenset({*_STATUS, "hashfiles"})


def same_shape(a: Type, b: Type) -> bool:
    """``a == b`` can be true: both primitives, or objects with objects, arrays of the same shape
    with arrays (``any`` and null compare with everything)."""
    if a is ANY or b is ANY or a is NULL or b is NULL:
        return True
    if isinstance(a, Obj) or isinstance(b, Obj):
        return isinstance(a, Obj) and isinstance(b, Obj)
    if isinstance(a, Arr) or isinstance(b, Arr):
        return isinstance(a, Arr) and isinstance(b, Arr) and same_shape(a.elem, b.elem)
    return True


def static_context(name: str) -> Type | None:
    """The fixed type of a context (None for the ones the workflow types)."""
    return CONTEXT_TABLE.get(name)
