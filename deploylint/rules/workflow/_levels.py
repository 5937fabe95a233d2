"""The levels a workflow rule hooks in at (not a rule module: the registry skips ``_`` names).

A rule's check takes the whole workflow (``check(wf, ctx)``). Most rules look at one thing at a
time: a job, a step, a ``uses:`` reference, a ``${{ }}`` expression. Rather than write the loop to
it, a rule writes the check for that one thing and puts the level's adapter under ``@rule``::

    @rule(id="GHA017", ..., kind=Kind.WORKFLOW, ...)
    @each_job
    def secrets_inherit(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
        ...

The adapter turns it into an ordinary workflow-level check that walks the workflow once, in
document order, so the rule record, the registry and the engine see no difference. The function
keeps its name, module and docstring (the rule's documentation).

Levels (the walk of each, in document order):

- ``each_job(wf, job, ctx)``: every job (the composite steps of an action are one job);
- ``each_step(wf, job, step, ctx)``: every step of every job;
- ``each_uses(wf, job, step, ref, ctx)``: every ``uses:`` reference, a job's (``step`` None: a
  reusable workflow call) before its steps';
- ``each_condition(wf, job, step, cond, ctx)``: every ``if:`` of a job (``step`` None) or a step,
  a job's before its steps';
- ``each_expression(wf, s, e, nodes, ctx)``: every ``${{ }}`` of the file (and every ``if:``),
  modelled or not, with the string holding it and all of its syntax nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from deploylint.context import Context
from deploylint.expressions import Expr, Node
from deploylint.findings import Finding
from deploylint.models.workflow import ActionRef, Job, Step, Str, Workflow

WorkflowCheck = Callable[[Workflow, Context], Iterator[Finding]]
JobCheck = Callable[[Workflow, Job, Context], Iterable[Finding]]
StepCheck = Callable[[Workflow, Job, Step, Context], Iterable[Finding]]
UsesCheck = Callable[[Workflow, Job, Step | None, ActionRef, Context], Iterable[Finding]]
ConditionCheck = Callable[[Workflow, Job, Step | None, Str, Context], Iterable[Finding]]
ExpressionCheck = Callable[[Workflow, Str, Expr, tuple[Node, ...], Context], Iterable[Finding]]


def each_job(fn: JobCheck) -> WorkflowCheck:
    """A check of one job, run for every job."""

    def check(wf: Workflow, ctx: Context) -> Iterator[Finding]:
        for job in wf.jobs:
            yield from fn(wf, job, ctx)

    return _named(check, fn, "job")


def each_step(fn: StepCheck) -> WorkflowCheck:
    """A check of one step, run for every step of every job."""

    def check(wf: Workflow, ctx: Context) -> Iterator[Finding]:
        for job in wf.jobs:
            for step in job.steps:
                yield from fn(wf, job, step, ctx)

    return _named(check, fn, "step")


def each_uses(fn: UsesCheck) -> WorkflowCheck:
    """A check of one ``uses:`` reference, run for every job's and every step's."""

    def check(wf: Workflow, ctx: Context) -> Iterator[Finding]:
        for job, step, ref in _of_jobs_and_steps(wf, lambda x: x.uses):
            yield from fn(wf, job, step, ref, ctx)

    return _named(check, fn, "uses")


def each_condition(fn: ConditionCheck) -> WorkflowCheck:
    """A check of one ``if:`` condition, run for every job's and every step's."""

    def check(wf: Workflow, ctx: Context) -> Iterator[Finding]:
        for job, step, cond in _of_jobs_and_steps(wf, lambda x: x.if_):
            yield from fn(wf, job, step, cond, ctx)

    return _named(check, fn, "condition")


def each_expression(fn: ExpressionCheck) -> WorkflowCheck:
    """A check of one ``${{ }}`` expression, run for every expression of the file."""

    def check(wf: Workflow, ctx: Context) -> Iterator[Finding]:
        for s, e, nodes in wf.expression_nodes():
            yield from fn(wf, s, e, nodes, ctx)

    return _named(check, fn, "expression")


#: the level of each adapted check (a check written for the whole workflow is not listed)
LEVELS: dict[object, str] = {}


def level_of(check: object) -> str:
    """``job``, ``step``, ``uses``, ``condition``, ``expression``, or ``workflow`` for a check of the
    whole file."""
    return LEVELS.get(check, "workflow")


_T = TypeVar("_T")


def _of_jobs_and_steps(wf: Workflow, of: Callable[[Job | Step], _T | None]) -> Iterator[tuple[Job, Step | None, _T]]:
    """``of`` every job (``step`` None) and then each of its steps, where it is set."""
    for job in wf.jobs:
        got = of(job)
        if got is not None:
            yield job, None, got
        for step in job.steps:
            got = of(step)
            if got is not None:
                yield job, step, got


_LevelCheck = JobCheck | StepCheck | UsesCheck | ConditionCheck | ExpressionCheck


def _named(check: WorkflowCheck, fn: _LevelCheck, level: str) -> WorkflowCheck:
    """``check`` under ``fn``'s name, module and docstring (the registry collects a rule by the
    module its check was written in, and the docstring is the rule's documentation)."""
    check.__name__ = fn.__name__
    check.__qualname__ = fn.__qualname__
    check.__module__ = fn.__module__
    check.__doc__ = fn.__doc__
    LEVELS[check] = level
    return check
