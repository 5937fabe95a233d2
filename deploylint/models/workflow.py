"""The GitHub Actions model: workflows and ``action.yml`` metadata files.

Built once by :mod:`deploylint.parsers.workflow`; rules only read it. The model is split by
responsibility, and every name is importable from here:

- :mod:`~deploylint.models.workflow_strings`: :class:`Str`, a scalar that knows its ``${{ }}``
  expressions and maps any character of its decoded value to its exact source position;
- :mod:`~deploylint.models.workflow_run`: the shell view of ``run:`` scripts (typed
  :class:`deploylint.shell.Command` values from the shared shell layer);
- :mod:`~deploylint.models.workflow_triggers`: triggers, their filters and inputs, permissions;
- :mod:`~deploylint.models.workflow_uses`: ``uses:`` references;
- this module: workflows, jobs, steps and the derived facts several rules need (the job graph,
  deploy detection, trigger sets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import Generic, TypeVar

from deploylint.expressions import UNKNOWN, Expr, Node, constant_value, truthy
from deploylint.models.base import Located
from deploylint.models.images import ImageRef, parse_reference
from deploylint.models.tree import YMap, YNode
from deploylint.models.workflow_matrix import Matrix, MatrixValue, matrix_of, runs_on_names_nothing
from deploylint.models.workflow_pin_policy import DEFAULT_POLICY, PinPolicy
from deploylint.models.workflow_run import RunScript, script_commands, shell_script
from deploylint.models.workflow_strings import Path, Str, make_str, matrix_key
from deploylint.models.workflow_triggers import CallSecret, Filter, Input, Permissions, Trigger
from deploylint.models.workflow_uses import ActionRef, split_image_ref
from deploylint.records import record
from deploylint.shell import Command, Script, Word
from deploylint.source import SourceFile, Span

__all__ = [
    "ActionMeta",
    "ActionRef",
    "CallSecret",
    "Command",
    "Container",
    "Env",
    "EnvVar",
    "Environment",
    "Filter",
    "Input",
    "Job",
    "Matrix",
    "MatrixValue",
    "Path",
    "Permissions",
    "RunScript",
    "Script",
    "Step",
    "Str",
    "Trigger",
    "Word",
    "Workflow",
    "make_str",
    "matrix_key",
    "script_commands",
    "shell_script",
    "split_image_ref",
]


def never_true(cond: Str | None) -> bool:
    """``cond`` (an ``if:``) is one expression whose value is always falsy."""
    if cond is None or not cond.is_single_expr:
        return False
    node = cond.exprs[0].node
    if node is None:
        return False
    value = constant_value(node)
    return value is not UNKNOWN and not truthy(value)


_Named = TypeVar("_Named")


class _ByName(Generic[_Named]):
    """The first of some items by name, else the first whose name matches ignoring case: the
    lookup ``Env.get`` and ``Workflow.job`` answer (GitHub compares these names both ways), made
    once instead of a scan per call."""

    def __init__(self, items: Iterable[_Named], name: Callable[[_Named], str]) -> None:
        self.exact: dict[str, _Named] = {}
        self.folded: dict[str, _Named] = {}
        for item in items:
            key = name(item)
            self.exact.setdefault(key, item)
            self.folded.setdefault(key.lower(), item)

    def get(self, name: str) -> _Named | None:
        found = self.exact.get(name)
        return found if found is not None else self.folded.get(name.lower())


@record
class EnvVar:
    name: Located[str]
    value: Str
    level: str  # "workflow" | "job" | "step"


@record
class Env:
    span: Span | None = None
    vars: tuple[EnvVar, ...] = ()
    #: the whole env is one expression (``env: ${{ fromJSON(...) }}``)
    dynamic: Str | None = None
    #: (the vars it was made from, their index by name) for :meth:`get`
    _index: tuple[tuple[EnvVar, ...], _ByName[EnvVar]] | None = field(default=None, repr=False, compare=False)
    #: context -> (the vars it was made from, the names reading it) for :meth:`names_reading`
    _reading: dict[str, tuple[tuple[EnvVar, ...], tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def get(self, name: str) -> EnvVar | None:
        """The variable ``name``, else the first matching it ignoring case: a lookup in an index
        made on first use (a scan per lookup made 6,000 steps reading a 6,000-variable env cost
        36 million steps)."""
        index = self._index
        if index is None or index[0] is not self.vars:  # a copy with other vars makes its own
            index = (self.vars, _ByName(self.vars, lambda v: v.name.value))
            object.__setattr__(self, "_index", index)  # a cache of the frozen record's own fields
        return index[1].get(name)

    def names_reading(self, context: str) -> tuple[str, ...]:
        """The names of the variables whose value reads ``context`` (``secrets``), made once."""
        got = self._reading.get(context)
        if got is None or got[0] is not self.vars:
            names = tuple(v.name.value for v in self.vars if any(p[0] == context for p, _n, _e in v.value.refs()))
            got = self._reading[context] = (self.vars, names)
        return got[1]


@record
class Container:
    """A job container or a service."""

    span: Span
    image: Str | None = None
    username: Str | None = None
    password: Str | None = None
    env: Env = field(default_factory=Env)
    name: Located[str] | None = None  # the service name

    @property
    def image_ref(self) -> ImageRef | None:
        """The image as an image reference (unresolved when it has an expression); None when
        there is no image or it is blank."""
        img = self.image
        text = img.value.strip() if img is not None else ""
        if img is None or not text:
            return None
        return ImageRef(img, None if img.has_expr else text, parse_reference(text))


@record
class Environment:
    span: Span
    name: Str | None = None
    url: Str | None = None


@record
class Step:
    index: int
    span: Span
    #: where findings about the whole step go: the first key of the step mapping
    anchor: Span
    id: Str | None = None
    name: Str | None = None
    uses: ActionRef | None = None
    run: Str | None = None
    shell: Str | None = None
    with_: tuple[tuple[Located[str], Str], ...] = ()
    env: Env = field(default_factory=Env)
    if_: Str | None = None
    working_directory: Str | None = None
    #: ``defaults.run.working-directory`` of the job, else of the workflow
    default_working_directory: Str | None = None
    #: the effective shell of ``run:`` (step ``shell``, job or workflow defaults, else bash)
    dialect: str = "bash"
    #: the ``parallel:`` key of the group this step runs in (parallel steps, GA 2026-06-25), else None
    parallel: Span | None = None
    #: ``background: true``: the job goes on while the step runs (until a ``wait``/``wait-all``)
    background: bool = False
    #: the step's mapping as parsed, for fixes that edit it by exact spans
    node: YMap | None = field(default=None, repr=False, compare=False)
    _run: list[RunScript] = field(default_factory=list, repr=False, compare=False)

    def input(self, name: str) -> Str | None:
        for k, v in self.with_:
            if k.value == name:
                return v
        return None

    @property
    def label(self) -> str:
        if self.name is not None:
            return self.name.value
        if self.id is not None:
            return self.id.value
        if self.uses is not None:
            return self.uses.raw.value
        return f"step {self.index + 1}"

    @property
    def never_runs(self) -> bool:
        """The step's ``if:`` is a constant falsy value (``if: false``, ``if: ${{ false }}``):
        the step is kept for updaters such as Dependabot but never executes."""
        return never_true(self.if_)

    @property
    def run_directory(self) -> Str | None:
        """The folder ``run:`` starts in, relative to the workspace: the step's
        ``working-directory``, else the defaults' (None: the workspace itself)."""
        return self.working_directory if self.working_directory is not None else self.default_working_directory

    def hands_secret(self, *outer: Env) -> bool:
        """The step is given a secret or the token: a ``with:`` or ``env:`` value (or one of the
        ``outer`` job and workflow envs) holds ``secrets.*`` or ``github.token``."""
        values = [v for _, v in self.with_] + [e.value for env in (self.env, *outer) for e in env.vars]
        return any(
            path[0] == "secrets" or tuple(path[:2]) == ("github", "token") for v in values for path, _, _ in v.refs()
        )

    @property
    def run_script(self) -> RunScript | None:
        """The shell view of ``run:`` (None without one), built once."""
        if self.run is None:
            return None
        if not self._run:
            self._run.append(RunScript(self.run, self.dialect))
        return self._run[0]

    def commands(self, *needles: str) -> tuple[Command, ...]:
        """The commands of the ``run:`` script (wrappers looked through; empty without one, and
        for a shell whose scripts are not command lines: see :mod:`deploylint.models.workflow_run`).

        With ``needles``, a script that contains none of them (as plain text) is not parsed and
        gives no commands: a cheap pre-filter for rules that look for specific programs.
        """
        rs = self.run_script
        if rs is None or (needles and not any(n in rs.run.value for n in needles)):
            return ()
        return rs.commands()

    def command_lines(self, *needles: str) -> Script | None:
        """The parsed script :meth:`commands` come from: the POSIX script, the command lines of a
        pwsh/powershell/cmd script, None for a program's script (python...), without a ``run:``,
        or when the text holds none of ``needles``."""
        rs = self.run_script
        if rs is None or (needles and not any(n in rs.run.value for n in needles)):
            return None
        return rs.command_lines

    def folder(self, cmd: Command) -> str | None:
        """The folder ``cmd`` (one of :meth:`commands`) runs in, relative to the step's own
        (``""``: the step's folder; None after a ``cd`` to a computed place)."""
        rs = self.run_script
        return rs.folder(cmd) if rs is not None else ""

    def script(self, *needles: str, any_shell: bool = False) -> Script | None:
        """The ``run:`` script parsed by the shared shell layer; None without a ``run:``, when the
        text holds none of ``needles``, or for a non-POSIX shell unless ``any_shell`` (then its
        text is read as POSIX: good enough for plain command lines such as ``npm install``, not
        for the shell's own syntax)."""
        rs = self.run_script
        if rs is None or (needles and not any(n in rs.run.value for n in needles)):
            return None
        return rs.script(any_shell=any_shell)


@record
class Job:
    id: Located[str]
    span: Span
    name: Str | None = None
    needs: tuple[Str, ...] = ()
    if_: Str | None = None
    environment: Environment | None = None
    runs_on: tuple[Str, ...] = ()
    runs_on_span: Span | None = None
    runs_on_group: Str | None = None
    permissions: Permissions | None = None
    env: Env = field(default_factory=Env)
    defaults_shell: Str | None = None
    concurrency: YNode | None = None
    matrix: YNode | None = None
    #: matrix key -> every literal value it takes (rows and include entries)
    matrix_rows: tuple[tuple[str, tuple[Str, ...]], ...] = ()
    #: the whole matrix or one of its keys is computed by an expression
    matrix_dynamic: tuple[tuple[str, Str], ...] = ()
    services: tuple[Container, ...] = ()
    container: Container | None = None
    outputs: tuple[tuple[Located[str], Str], ...] = ()
    steps: tuple[Step, ...] = ()
    uses: ActionRef | None = None
    secrets_inherit: Located[str] | None = None
    secrets: tuple[tuple[Located[str], Str], ...] = ()
    with_: tuple[tuple[Located[str], Str], ...] = ()
    node: YNode | None = None
    _credentials: list[dict[int, str]] = field(default_factory=list, repr=False, compare=False)
    #: yes/no facts about the job that rules work out once, by name (see :meth:`fact`)
    _facts: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    #: the steps by ``id`` (the first of an id), made on first use by :meth:`step_with_id`
    _step_ids: list[dict[str, Step]] = field(default_factory=list, repr=False, compare=False)

    @property
    def label(self) -> str:
        return self.name.value if self.name is not None else self.id.value

    def credential_before(self, step: Step) -> str | None:
        """What an earlier step of the job left for ``step`` to read (a registry login, cloud
        credentials: the action or command that left it), else None; see
        :mod:`deploylint.models.workflow_credentials`. Worked out once per job."""
        if not self._credentials:
            from deploylint.models.workflow_credentials import credentials_before

            self._credentials.append(credentials_before(self.steps))
        return self._credentials[0].get(id(step))

    def step_with_id(self, step_id: str) -> Step | None:
        """The first step of the job whose ``id`` is ``step_id``, else None: a lookup in an index
        made on first use (a scan per lookup made 6,000 reads of an action's output in a job of
        6,000 steps cost 36 million step visits)."""
        if not self._step_ids:
            index: dict[str, Step] = {}
            for s in self.steps:
                if s.id is not None:
                    index.setdefault(s.id.value, s)
            self._step_ids.append(index)
        return self._step_ids[0].get(step_id)

    def fact(self, name: str, work: Callable[[Job], bool]) -> bool:
        """The fact ``name`` about the job, worked out by ``work`` on first use and kept: a
        per-job fact asked by a per-step rule is then one pass over the job, not one per step."""
        got = self._facts.get(name)
        if got is None:
            got = self._facts[name] = work(self)
        return got

    @property
    def is_reusable_call(self) -> bool:
        return self.uses is not None

    @property
    def strategy_matrix(self) -> Matrix | None:
        """The matrix as written (None without one), for rules that compare its values."""
        return matrix_of(self.matrix)

    @property
    def empty_runs_on(self) -> Span | None:
        """Where ``runs-on`` (or its ``group``) is written with no value, else None."""
        return runs_on_names_nothing(self.node)

    def through_matrix(self, s: Str) -> tuple[Str, ...]:
        """``s`` itself, or every value the matrix gives it when it is ``${{ matrix.<key> }}``."""
        key = matrix_key(s)
        return self.matrix_values(key) if key is not None else (s,)

    def matrix_values(self, key: str) -> tuple[Str, ...]:
        """Every value the matrix gives ``key`` (rows and ``include`` entries)."""
        for k, vals in self.matrix_rows:
            if k == key:
                return vals
        return ()


@record
class ActionMeta:
    """What an ``action.yml`` declares besides its steps."""

    using: Str | None = None
    image: Str | None = None
    main: Str | None = None
    inputs: tuple[Input, ...] = ()
    span: Span | None = None


@record(frozen=False, slots=False)
class Workflow:
    """A workflow file, or an action metadata file (``is_action``: its composite steps form one
    pseudo-job with id ``<action>``)."""

    source: SourceFile
    span: Span
    is_action: bool = False
    name: Str | None = None
    on_span: Span | None = None
    triggers: tuple[Trigger, ...] = ()
    permissions: Permissions | None = None
    env: Env = field(default_factory=Env)
    defaults_shell: Str | None = None
    concurrency: YNode | None = None
    jobs: tuple[Job, ...] = ()
    jobs_span: Span | None = None
    action: ActionMeta | None = None
    #: every string value of the file (for rules that scan all expressions)
    strings: tuple[tuple[str, Str], ...] = ()
    #: the ``[tool.deploylint.workflow]`` settings (deploy commands, test jobs, pin policy...)
    deploy_settings: dict[str, object] = field(default_factory=dict)
    #: ``pin-policy`` of those settings, checked and typed (GHA009)
    pin_policy: PinPolicy = DEFAULT_POLICY
    #: the file's top-level mapping as parsed (fixes edit the text around its keys;
    #: :mod:`deploylint.models.workflow_scope` reads the keys the model does not keep)
    root: YMap | None = field(default=None, repr=False)
    # derived facts, computed on first use
    _is_release: bool | None = field(default=None, repr=False)
    _home_owners: frozenset[str] | None = field(default=None, repr=False)
    _deploy: dict[str, tuple[str | None, str | None]] = field(default_factory=dict, repr=False)
    #: id(step) -> (the step, its deploy reasons) (:func:`~deploylint.models.workflow_deploy.step_deploy_reasons`)
    _step_deploy: dict[int, tuple[Step, tuple[str, ...]]] = field(default_factory=dict, repr=False, compare=False)
    _expr_nodes: list[tuple[Str, Expr, tuple[Node, ...]]] | None = field(default=None, repr=False)
    _located: list[tuple[tuple[str | int, ...], Str]] | None = field(default=None, repr=False)
    #: (the triggers it was made from, lower-case name -> declarations) for :meth:`declared_inputs`
    _input_index: tuple[tuple[Trigger, ...], dict[str, list[tuple[str, Input]]]] | None = field(
        default=None, repr=False, compare=False
    )
    #: (the jobs it was made from, their index by id) for :meth:`job`
    _job_index: tuple[tuple[Job, ...], _ByName[Job]] | None = field(default=None, repr=False, compare=False)

    # -- triggers ------------------------------------------------------------------------
    @property
    def events(self) -> set[str]:
        return {t.event for t in self.triggers}

    def trigger(self, name: str) -> Trigger | None:
        for t in self.triggers:
            if t.event == name:
                return t
        return None

    def declared_inputs(self, name: str) -> list[tuple[str, Input]]:
        """(event, declaration) of input ``name`` in the ``workflow_dispatch`` and
        ``workflow_call`` triggers (names are case-insensitive)."""
        index = self._input_index
        if index is None or index[0] is not self.triggers:
            found: dict[str, list[tuple[str, Input]]] = {}
            for t in self.triggers:
                if t.event in ("workflow_dispatch", "workflow_call"):
                    for i in t.inputs:
                        found.setdefault(i.name.value.lower(), []).append((t.event, i))
            index = self._input_index = (self.triggers, found)  # a scan per call cost N² in inputs
        return list(index[1].get(name.lower(), ()))

    @property
    def pr_triggered(self) -> bool:
        return bool(self.events & {"pull_request", "pull_request_target"})

    @property
    def dangerous_triggers(self) -> list[Trigger]:
        return [t for t in self.triggers if t.event in ("pull_request_target", "workflow_run")]

    @property
    def is_release(self) -> bool:
        """Builds releases: see :mod:`deploylint.models.workflow_release`."""
        if self._is_release is None:
            from deploylint.models.workflow_release import is_release

            self._is_release = is_release(self)
        return self._is_release

    @property
    def home_owners(self) -> frozenset[str]:
        """Owners its conditions name: see :mod:`deploylint.models.workflow_owner`."""
        if self._home_owners is None:
            from deploylint.models.workflow_owner import home_owners

            self._home_owners = home_owners(self)
        return self._home_owners

    # -- jobs ------------------------------------------------------------------------------
    def job(self, job_id: str) -> Job | None:
        """The job with id ``job_id``, else the first whose id matches it ignoring case (a lookup:
        a scan of the jobs per call made each ``needs`` and each expression cost every job)."""
        index = self._job_index
        if index is None or index[0] is not self.jobs:
            index = self._job_index = (self.jobs, _ByName(self.jobs, lambda j: j.id.value))
        return index[1].get(job_id)

    def ancestors(self, job: Job) -> set[str]:
        """Ids (lower-cased) of every job ``job`` transitively needs."""
        seen: set[str] = set()
        stack = [n.value.lower() for n in job.needs]
        while stack:
            jid = stack.pop()
            if jid in seen:
                continue
            seen.add(jid)
            j = self.job(jid)
            if j is not None:
                stack.extend(n.value.lower() for n in j.needs)
        return seen

    def cycle(self) -> list[str] | None:
        """One dependency cycle among jobs (ids as written), or None."""
        graph = {j.id.value.lower(): [n.value.lower() for n in j.needs] for j in self.jobs}
        names = {j.id.value.lower(): j.id.value for j in self.jobs}
        state: dict[str, int] = {}
        for start in graph:
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            path: list[str] = []
            while stack:
                node, idx = stack.pop()
                if idx == 0:
                    if state.get(node) == 1:
                        continue
                    state[node] = 1
                    path.append(node)
                deps = graph.get(node, [])
                if idx < len(deps):
                    stack.append((node, idx + 1))
                    nxt = deps[idx]
                    if nxt not in graph:
                        continue
                    if state.get(nxt) == 1:
                        i = path.index(nxt)
                        return [names[x] for x in [*path[i:], nxt]]
                    if not state.get(nxt):
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    path.pop()
        return None

    def job_env(self, job: Job, step: Step | None, name: str) -> EnvVar | None:
        """The env var ``name`` as seen by ``step`` of ``job`` (step > job > workflow)."""
        for env in (step.env if step is not None else None, job.env, self.env):
            if env is not None:
                v = env.get(name)
                if v is not None:
                    return v
        return None

    def is_deploy_job(self, job: Job) -> bool:
        return self.deploy_reason(job) is not None

    def deploy_reason(self, job: Job, *, publishing: bool = True) -> str | None:
        """Why ``job`` deploys (see :func:`deploylint.models.workflow_deploy.deploy_reason`);
        without ``publishing``, a job that only pushes images does not count."""
        cache = self._deploy
        key = job.id.value
        got = cache.get(key)
        if got is None:
            from deploylint.models.workflow_deploy import deploy_reasons

            got = cache[key] = deploy_reasons(self, job)
        return got[0] if publishing else got[1]

    def expression_nodes(self) -> list[tuple[Str, Expr, tuple[Node, ...]]]:
        """Every parsed ``${{ }}`` of the file with all its AST nodes (computed once), in
        document order: every value and key of the file, modelled or not (``run-name``,
        ``concurrency``, ``timeout-minutes``...)."""
        got = self._expr_nodes
        if got is None:
            from deploylint.expressions import walk

            seen: set[int] = set()
            got = []
            for _p, s in self.located():
                if id(s) not in seen:
                    seen.add(id(s))
                    got.extend((s, e, tuple(walk(e.node)) if e.node is not None else ()) for e in s.exprs)
            self._expr_nodes = got
        return got

    def located(self) -> list[tuple[tuple[str | int, ...], Str]]:
        """Every string of the file that holds an expression (an ``if:`` always does), with its
        key path from the top (``("jobs", "build", "steps", 0, "run")``); see
        :func:`deploylint.models.workflow_scope.located_strings`."""
        got = self._located
        if got is None:
            from deploylint.models.workflow_scope import located_strings

            got = self._located = located_strings(self)
        return got

    def steps(self) -> Iterator[tuple[Job, Step]]:
        for j in self.jobs:
            for s in j.steps:
                yield j, s
