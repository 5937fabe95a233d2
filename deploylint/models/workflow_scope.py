"""Where each expression of a workflow sits, and the typed contexts it sees there.

:func:`located_strings` walks the parsed document once and gives every string that holds an
expression with its key path. :func:`scope_of` turns a key path into a :class:`Scope`: the
availability entry of :data:`deploylint.expr_types.AVAILABILITY` that governs it, and the contexts
typed from the workflow itself (``steps`` before the step, ``needs`` of the job with each job's
declared outputs, the job's ``matrix`` with its ``include`` keys, the declared ``inputs``,
``secrets`` of a reusable workflow, ``jobs`` for ``on.workflow_call.outputs``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Set
from typing import TYPE_CHECKING

from deploylint.expr_types import (
    ACTION_OUTPUTS,
    ANY,
    AVAILABILITY,
    BOOL,
    NULL,
    NUMBER,
    STRING,
    Arr,
    Obj,
    Type,
    merge,
    static_context,
)
from deploylint.models.tree import YMap, YNode, YScalar, YSeq
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.models.workflow import Job, Step, Str, Workflow

KeyPath = tuple[str | int, ...]

_CONDITION_KEYS = frozenset({"if", "pre-if", "post-if"})


def located_strings(wf: Workflow) -> list[tuple[KeyPath, Str]]:
    """Every scalar (value or key) of the document that holds an expression, with its key path.

    Strings the parser modelled are reused (same object, same parsed expressions); the others
    (``run-name``, ``concurrency.group``, ``timeout-minutes``, keys...) are made here.
    """
    from deploylint.models.workflow import make_str

    root = wf.root
    if root is None:
        return []
    known = {s.span.start_offset: s for _w, s in wf.strings if s.exprs}
    out: list[tuple[KeyPath, Str]] = []

    def scalar(node: YScalar, path: KeyPath, condition: bool) -> None:
        s = known.get(node.span.start_offset)
        if s is None:
            if "${{" not in node.value and not (condition and node.value.strip()):
                return
            s = make_str(node.value, node.span, node.style, condition=condition)
            known[node.span.start_offset] = s
        out.append((path, s))

    # an explicit stack (documents can nest deeply); aliases are visited at each place they appear
    stack: list[tuple[YNode, KeyPath, int]] = [(root, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > 64:
            continue
        if isinstance(node, YScalar):
            scalar(node, path, bool(path) and path[-1] in _CONDITION_KEYS)
        elif isinstance(node, YMap):
            for p in reversed(node.pairs):
                if "${{" in p.key.value:
                    scalar(p.key, (*path, p.key.value), False)
                stack.append((p.value, (*path, p.key.value), depth + 1))
        elif isinstance(node, YSeq):
            for i in range(len(node.items) - 1, -1, -1):
                stack.append((node.items[i], (*path, i), depth + 1))
    return out


def availability_key(path: KeyPath, is_action: bool) -> str | None:
    """The :data:`AVAILABILITY` key governing ``path`` (None: not in GitHub's table)."""
    if is_action or not path:
        return None
    top = path[0]
    if top in ("run-name", "concurrency", "env"):
        return str(top)
    if top == "defaults":
        return "defaults.run"
    if top == "on":
        if len(path) >= 5 and path[1] == "workflow_call" and path[2] in ("inputs", "outputs"):
            key = f"on.workflow_call.{path[2]}.*.{path[4]}"
            return key if key in AVAILABILITY else None
        return None
    if top != "jobs" or len(path) < 3:
        return None
    k, rest = path[2], path[3:]
    if k == "steps":
        r = rest[1:]
        if r[:1] == ("parallel",):
            r = r[2:]
        key = f"jobs.*.steps.{r[0]}" if r else ""
        return key if key in AVAILABILITY else None
    if k == "container":
        if rest[:1] == ("credentials",):
            return "jobs.*.container.credentials"
        if rest[:1] == ("env",) and len(rest) > 1:
            return "jobs.*.container.env.*"
        return "jobs.*.container"
    if k == "services":
        if rest[1:2] == ("credentials",):
            return "jobs.*.services.*.credentials"
        if rest[1:2] == ("env",) and len(rest) > 2:
            return "jobs.*.services.*.env.*"
        return "jobs.*.services"
    if k == "environment":
        return "jobs.*.environment.url" if rest[:1] == ("url",) else "jobs.*.environment"
    if k == "defaults":
        return "jobs.*.defaults.run"
    if k in ("outputs", "secrets", "with"):
        return f"jobs.*.{k}.*"
    key = f"jobs.*.{k}"
    return key if key in AVAILABILITY else None


@record
class Scope:
    """What an expression at one place may use: ``allowed`` contexts and special functions
    (None: GitHub's table does not cover the place, nothing is refused), the typed contexts,
    and ``where`` (the key, for messages)."""

    where: str
    allowed: tuple[tuple[str, ...], tuple[str, ...]] | None
    contexts: dict[str, Type]
    #: the value is text: an object, array or null expanded into it is a mistake
    template: bool
    #: what a value that is one whole expression must give (see :data:`EXPECT`), or ""
    expect: str = ""


#: expected kinds of whole-expression values: how a message names them
EXPECT = {
    "object": "a mapping",
    "not-object": "a label or a list of labels",
    "bool": "a boolean",
    "number": "a number",
    "primitive": "a string, number or boolean",
}


#: maps whose keys the author names (an action's inputs, variables, secrets, outputs): a key in one
#: of them is a name, never workflow syntax, whatever it is called
_NAMED_MAPS = frozenset({"with", "env", "secrets", "outputs", "inputs"})


def _is_syntax(path: KeyPath, at: int) -> bool:
    """Whether ``path[at]`` is a key of the workflow syntax (``env:`` of a step), not a name chosen by
    the author (an action input called ``env`` under ``with:``, a variable called ``with``)."""
    return at == 0 or path[at - 1] not in _NAMED_MAPS


def _expect(path: KeyPath, wf: Workflow) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return ""
    last = names[-1]
    if path[0] == "on":
        if len(path) == 5 and path[1] == "workflow_call" and path[2] == "inputs" and path[4] == "default":
            name = str(path[3])
            decl = next((i for e, i in wf.declared_inputs(name) if e == "workflow_call" and i.name.value == name), None)
            if decl is not None:
                return {"boolean": "bool", "number": "number"}.get(decl.type, "primitive")
        return ""
    if last in ("credentials", "env", "with") and names[:1] != ["on"]:
        return "object" if path[-1] == last and _is_syntax(path, len(path) - 1) else ""
    if path[0] == "jobs" and len(path) >= 3:
        if path[2:] in (("services",), ("strategy", "matrix")):
            return "object"
        if path[2:] in (("runs-on",), ("runs-on", "labels")):
            return "not-object"
    return ""


def _where(path: KeyPath) -> str:
    parts = []
    for i, p in enumerate(path):
        if isinstance(p, int):
            continue
        if i == 1 and path[0] == "jobs":
            parts.append("<job_id>")
        else:
            parts.append(p)
    return ".".join(parts)


#: keys whose value may be an object or array when it is one expression
_STRUCTURED = frozenset(
    {
        "env",
        "with",
        "secrets",
        "matrix",
        "include",
        "exclude",
        "runs-on",
        "labels",
        "container",
        "services",
        "credentials",
        "strategy",
        "outputs",
        "needs",
        "permissions",
        "ports",
        "volumes",
        "options",
        "entrypoint",
        "command",
        "args",
        "branches",
        "tags",
        "paths",
        "types",
    }
)


def _is_template(path: KeyPath, s: Str) -> bool:
    if not path or path[-1] in _CONDITION_KEYS:
        return False
    if path[0] == "on":
        return False
    if s.is_single_expr:
        names = [p for p in path if isinstance(p, str)]
        if "strategy" in names or "runs-on" in names:
            return False
        at = next((i for i in range(len(path) - 1, -1, -1) if isinstance(path[i], str)), -1)
        if at >= 0 and path[at] in _STRUCTURED and _is_syntax(path, at):
            return False
        if len(path) >= 4 and path[0] == "jobs" and path[2] == "services" and len(path) == 4:
            return False  # a whole service given by one expression
    return True


class Typer:
    """Typed contexts of one workflow, computed per job and per step on demand."""

    def __init__(self, wf: Workflow) -> None:
        self.wf = wf
        self._jobs: dict[str, Type] = {}
        self._inputs: Type | None = None
        self._secrets: Type | None = None
        self._github: Type | None = None
        #: per job (by identity): its steps' ids, for ``steps`` at any one step
        self._step_tables: dict[int, _StepTable] = {}
        #: the workflow_call inputs in order, and the position of each name (for ``inputs_before``)
        self._call_inputs: tuple[_Names, dict[str, int]] | None = None
        self._jobs_context: Type | None = None

    # -- workflow-wide -------------------------------------------------------------------
    def inputs(self) -> Type:
        if self._inputs is None:
            wf = self.wf
            props: dict[str, Type] = {}
            if wf.is_action and wf.action is not None:
                for i in wf.action.inputs:
                    props[i.name.value.lower()] = STRING
                self._inputs = Obj(props, None, "input '{name}' is not declared in the action's inputs")
                return self._inputs
            dynamic = False
            for t in wf.triggers:
                if t.event not in ("workflow_dispatch", "workflow_call"):
                    continue
                node = t.node.get("inputs") if isinstance(t.node, YMap) else None
                if node is not None and not isinstance(node, YMap) and not _null(node):
                    dynamic = True
                for i in t.inputs:
                    ty = {"boolean": BOOL, "number": NUMBER}.get(i.type, STRING)
                    low = i.name.value.lower()
                    props[low] = merge(props[low], ty) if low in props else ty
            self._inputs = Obj(
                props,
                ANY if dynamic else None,
                "input '{name}' is not declared by workflow_dispatch or workflow_call",
            )
        return self._inputs

    def secrets(self) -> Type:
        if self._secrets is None:
            wf = self.wf
            call = wf.trigger("workflow_call")
            node = call.node if call is not None else None
            declared = node.pair("secrets") if isinstance(node, YMap) else None
            if call is None or len(wf.triggers) != 1 or declared is None or wf.is_action:
                self._secrets = Obj(rest=STRING)
            elif isinstance(declared.value, YMap) or _null(declared.value):
                names = declared.value.keys() if isinstance(declared.value, YMap) else []
                props: dict[str, Type] = dict.fromkeys(names, STRING)
                for n in ("github_token", "actions_runner_debug", "actions_step_debug"):
                    props[n] = STRING
                self._secrets = Obj(props, None, "secret '{name}' is not declared under on.workflow_call.secrets")
            else:
                self._secrets = Obj(rest=STRING)
        return self._secrets

    def github(self) -> Type:
        """The github context; ``github.event.inputs`` typed from workflow_dispatch inputs."""
        if self._github is None:
            base = static_context("github")
            assert isinstance(base, Obj)
            dispatch = self.wf.trigger("workflow_dispatch")
            if dispatch is not None and dispatch.inputs and not self.wf.is_action:
                names = {i.name.value.lower(): STRING for i in dispatch.inputs}
                event = Obj(
                    {"inputs": Obj(names, None, "input '{name}' is not declared by workflow_dispatch")}, rest=ANY
                )
                self._github = Obj({**base.props, "event": event}, None, base.label)
            else:
                self._github = Obj({**base.props, "event": Obj(rest=ANY)}, None, base.label)
        return self._github

    def job_result(self, job: Job) -> Type:
        """``needs.<job>`` / ``jobs.<job>``: its result and declared outputs."""
        if job.uses is not None:
            outputs: Type = Obj(rest=STRING)
        else:
            outputs = Obj(
                {k.value: STRING for k, _v in job.outputs},
                None,
                f"job '{job.id.value}' declares no output '{{name}}'",
            )
        return Obj(
            {"outputs": outputs, "result": STRING}, None, f"'{{name}}' is not a property of job '{job.id.value}'"
        )

    def jobs(self) -> Type:
        """``jobs`` in a ``workflow_call`` output, made once (made again for each output, 6,000
        outputs over 6,000 job outputs took 6 s)."""
        if self._jobs_context is None:
            props = {j.id.value: self.job_result(j) for j in self.wf.jobs}
            self._jobs_context = Obj(props, None, "the workflow has no job '{name}'")
        return self._jobs_context

    def expr_type(self, node: YScalar) -> Type:
        """The type of a value that is one whole expression (``any`` for anything else)."""
        from deploylint.expr_check import infer
        from deploylint.models.workflow import make_str

        s = make_str(node.value, node.span, node.style)
        if not s.is_single_expr or s.exprs[0].node is None:
            return ANY
        loose = Obj(rest=ANY)
        scope = Scope("", None, {"matrix": loose, "steps": loose, "needs": loose, "jobs": loose}, False)
        return infer(s.exprs[0].node, scope, s.value)

    # -- per job -------------------------------------------------------------------------
    def needs(self, job: Job) -> Type:
        key = "needs:" + job.id.value
        got = self._jobs.get(key)
        if got is None:
            props: dict[str, Type] = {}
            for n in job.needs:
                if n.has_expr:
                    self._jobs[key] = got = Obj(rest=ANY)
                    return got
                other = self.wf.job(n.value)
                props[n.value] = self.job_result(other) if other is not None else ANY
            got = self._jobs[key] = Obj(props, None, f"job '{job.id.value}' does not list '{{name}}' in 'needs'")
        return got

    def matrix(self, job: Job) -> Type:
        key = "matrix:" + job.id.value
        got = self._jobs.get(key)
        if got is None:
            got = self._jobs[key] = _matrix_type(job, self.expr_type)
        return got

    def steps(self, job: Job, before: Step | None) -> Type:
        """Steps with an id that run before ``before`` (every step of the job when None).

        One table of the job's step ids serves every step of the job: building the earlier
        steps afresh for each expression made a job of N steps cost N² (2,500 steps passing
        outputs on hit the 10 s budget)."""
        table = self._step_table(job)
        limit = len(job.steps) if before is None else table.index(before)
        where = "no earlier step" if before is not None else "no step"
        return _EarlierSteps(table, limit, f"{where} of job '{job.id.value}' has id '{{name}}'")

    def step_at(self, job: Job, s: Str) -> Step | None:
        """The step of ``job`` that holds ``s``, or None (a bisection over the job's steps)."""
        return self._step_table(job).step_at(s.span.start_offset)

    def _step_table(self, job: Job) -> _StepTable:
        table = self._step_tables.get(id(job))
        if table is None:
            table = self._step_tables[id(job)] = _StepTable(job)
        return table

    # -- one place -----------------------------------------------------------------------
    def scope(self, path: KeyPath, s: Str) -> Scope:
        wf = self.wf
        akey = availability_key(path, wf.is_action)
        allowed = AVAILABILITY.get(akey) if akey is not None else None
        job: Job | None = None
        step: Step | None = None
        if wf.is_action:
            job = wf.jobs[0] if wf.jobs else None
            if job is not None and path[:2] == ("runs", "steps"):
                step = self.step_at(job, s)
        elif len(path) >= 2 and path[0] == "jobs" and isinstance(path[1], str):
            job = wf.job(path[1])
            if job is not None and len(path) >= 4 and path[2] == "steps":
                step = self.step_at(job, s)
        loose_any = Obj(rest=ANY)
        contexts: dict[str, Type] = {
            "github": self.github(),
            "inputs": self.inputs(),
            "secrets": self.secrets(),
        }
        if job is not None:
            contexts["needs"] = self.needs(job)
            contexts["matrix"] = self.matrix(job)
            contexts["steps"] = self.steps(job, step)
        else:
            contexts["needs"] = contexts["matrix"] = contexts["steps"] = loose_any
        contexts["jobs"] = self.jobs() if akey == "on.workflow_call.outputs.*.value" else loose_any
        if akey == "on.workflow_call.inputs.*.default":
            contexts["inputs"] = self.inputs_before(str(path[3]))
        expect = _expect(path, wf) if s.is_single_expr else ""
        return Scope(_where(path), allowed, contexts, _is_template(path, s), expect)

    def inputs_before(self, name: str) -> Type:
        """``inputs`` in the default of workflow_call input ``name``: the inputs declared above it."""
        if self._call_inputs is None:  # one table for every default: a scan each cost N² in inputs
            call = self.wf.trigger("workflow_call")
            table = _Names()
            where: dict[str, int] = {}
            for k, i in enumerate(call.inputs if call is not None else ()):
                where.setdefault(i.name.value, k)
                table.add(i.name.value, k, {"boolean": BOOL, "number": NUMBER}.get(i.type, STRING))
            self._call_inputs = (table, where)
        table, where = self._call_inputs
        limit = where.get(name, 2**62)
        return _EarlierSteps(table, limit, f"input '{{name}}' is not declared above input '{name}'")


def _outputs(st: Step) -> Type:
    """``steps.<id>.outputs``: strict for the popular actions whose outputs are known."""
    u = st.uses
    known = ACTION_OUTPUTS.get(u.name) if u is not None and u.kind == "repo" else None
    if known is None or u is None:
        return Obj(rest=STRING)
    return Obj(dict.fromkeys(known, STRING), None, f"action '{u.name}' has no output '{{name}}'")


class _EarlierNames(Set[str]):
    """The ids of the steps before position ``limit``: a lookup and the count are bisections."""

    def __init__(self, table: _Names, limit: int) -> None:
        self._table = table
        self._limit = limit

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._table.before(name, self._limit) is not None

    def __len__(self) -> int:
        return bisect.bisect_left(self._table.firsts, self._limit)

    def __iter__(self) -> Iterator[str]:
        return (name for name, (where, _types) in self._table.ids.items() if where[0] < self._limit)


def _null(node: YNode | None) -> bool:
    return node is None or (isinstance(node, YScalar) and node.is_null)


class _Names:
    """Names declared in order, each with its position and type, for the views that see only the
    names above a position (:class:`_EarlierSteps`)."""

    def __init__(self) -> None:
        #: lower-case name -> the positions of its declarations, in order, and their types
        self.ids: dict[str, tuple[list[int], list[Type]]] = {}
        #: the position of the first declaration whose name is an expression (it may be any name)
        self.first_loose = 2**62
        #: the position of each name's first declaration, in order (how many come before a position)
        self.firsts: list[int] = []
        #: every declaration's position in order, and the merge of the types up to each (lazily)
        self._merged_at: list[int] = []
        self._merged: list[Type] | None = None

    def add(self, name: str, position: int, t: Type) -> None:
        where, types = self.ids.setdefault(name.lower(), ([], []))
        if not where:
            self.firsts.append(position)
        where.append(position)
        types.append(t)

    def merged_before(self, limit: int) -> Type | None:
        """Every declaration's type before position ``limit`` merged (``steps.*``), or None. The
        merges are made once, in order, as a running prefix: merging the earlier steps again for
        each ``steps.*`` made 5,000 steps each testing ``steps.*.outcome`` run into the budget."""
        if self._merged is None:
            order = sorted((at, t) for where, types in self.ids.values() for at, t in zip(where, types, strict=True))
            self._merged_at = [at for at, _t in order]
            running: Type | None = None
            self._merged = []
            for _at, t in order:
                running = t if running is None else merge(running, t)
                self._merged.append(running)
        k = bisect.bisect_left(self._merged_at, limit) - 1
        return self._merged[k] if k >= 0 else None

    def before(self, name: str, limit: int) -> Type | None:
        """The type of the last declaration of ``name`` (lower-case) before ``limit``, or None."""
        got = self.ids.get(name)
        if got is None:
            return None
        k = bisect.bisect_left(got[0], limit) - 1
        return got[1][k] if k >= 0 else None


class _StepTable(_Names):
    """The steps of one job in order, with the position of each id (for :class:`_EarlierSteps`)."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.steps = job.steps
        self.starts = [st.span.start_offset for st in job.steps]
        self._index = {id(st): i for i, st in enumerate(job.steps)}
        for i, st in enumerate(job.steps):
            if st.id is None:
                continue
            if st.id.has_expr:
                self.first_loose = min(self.first_loose, i)
                continue
            entry = Obj(
                {"outputs": _outputs(st), "outcome": STRING, "conclusion": STRING},
                None,
                f"step '{st.id.value}' has no property '{{name}}' (it has 'outputs', 'outcome' and 'conclusion')",
            )
            self.add(st.id.value, i, entry)

    def index(self, step: Step) -> int:
        return self._index.get(id(step), len(self.steps))

    def step_at(self, offset: int) -> Step | None:
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.steps[k].span.end_offset:
            return self.steps[k]
        return None


class _EarlierSteps(Obj):
    """A context that sees the names of a table before position ``limit``: ``steps`` at one step
    (the earlier steps of the job), ``inputs`` in an input's default (the inputs above it). A
    lookup is a bisection; :attr:`props` (for a suggestion, or every value) is made on demand."""

    __slots__ = ("_limit", "_table")

    def __init__(self, table: _Names, limit: int, label: str) -> None:
        super().__init__(None, ANY if table.first_loose < limit else None, label)
        self._table = table
        self._limit = limit

    def get(self, name: str) -> Type | None:
        got = self._table.before(name.lower(), self._limit)
        return got if got is not None else self.rest

    def names(self) -> Set[str]:
        return _EarlierNames(self._table, self._limit)

    def any_value(self) -> Type:
        elem = self._table.merged_before(self._limit)
        if self.rest is not None:
            elem = self.rest if elem is None else merge(elem, self.rest)
        return elem if elem is not None else ANY

    @property
    def props(self) -> dict[str, Type]:
        """The steps before the limit, by id, in the order of the job (made on each call: only a
        suggestion for a misspelt id, or a filter over every step, asks)."""
        found: list[tuple[int, str, Type]] = []
        for name, (where, types) in self._table.ids.items():
            k = bisect.bisect_left(where, self._limit) - 1
            if k >= 0:
                found.append((where[k], name, types[k]))
        found.sort(key=lambda entry: entry[0])
        return {name: t for _i, name, t in found}


def literal_type(node: YNode | None, depth: int = 0, expr: Callable[[YScalar], Type] | None = None) -> Type:
    """The type of a YAML value written in the workflow (a matrix value); ``expr`` types a
    scalar that is one expression (else such a value is ``any``)."""
    if node is None or depth > 16:
        return ANY
    if isinstance(node, YScalar):
        if "${{" in node.value:
            return expr(node) if expr is not None else ANY
        if node.style:
            return STRING
        if node.is_null:
            return NULL
        if node.as_bool() is not None:
            return BOOL
        try:
            float(node.value)
        except ValueError:
            return STRING
        return NUMBER
    if isinstance(node, YSeq):
        elem: Type | None = None
        for item in node.items:
            t = literal_type(item, depth + 1, expr)
            elem = t if elem is None else merge(elem, t)
        return Arr(elem if elem is not None else ANY)
    if isinstance(node, YMap):
        return Obj({p.key.value: literal_type(p.value, depth + 1, expr) for p in node.pairs})
    return ANY


def _matrix_type(job: Job, expr: Callable[[YScalar], Type]) -> Type:
    label = f"the matrix of job '{job.id.value}' has no key '{{name}}'"
    node = job.matrix
    if node is None:
        strategy = job.node.get("strategy") if isinstance(job.node, YMap) else None
        if isinstance(strategy, YScalar) and "${{" in strategy.value:
            return Obj(rest=ANY)  # the whole strategy is computed
        return Obj({}, None, label)
    if not isinstance(node, YMap):
        return Obj(rest=ANY)
    props: dict[str, Type] = {}
    loose = False

    def add(key: str, t: Type) -> None:
        low = key.lower()
        props[low] = merge(props[low], t) if low in props else t

    for p in node.pairs:
        k = p.key.value
        if "${{" in k:
            loose = True
        elif k == "include":
            if isinstance(p.value, YSeq):
                for row in p.value.items:
                    if isinstance(row, YMap):
                        for rp in row.pairs:
                            add(rp.key.value, literal_type(rp.value, 0, expr))
                    else:
                        loose = True
            elif not _null(p.value):
                loose = True
        elif k == "exclude":
            continue
        elif isinstance(p.value, YSeq):
            t = literal_type(p.value, 0, expr)
            add(k, t.elem if isinstance(t, Arr) else ANY)
        else:
            add(k, ANY)
    return Obj(props, ANY if loose else None, label)
