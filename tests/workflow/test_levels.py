"""Workflow rules hooked in at a level (job, step, uses, expression): one walk, document order,
the rule record unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from deploylint.context import Context
from deploylint.expressions import Expr, Node
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.workflow import ActionRef, Job, Step, Str, Workflow
from deploylint.parsers.workflow import parse
from deploylint.registry import Rule, rule
from deploylint.rules.workflow._levels import (
    each_condition,
    each_expression,
    each_job,
    each_step,
    each_uses,
    level_of,
)
from deploylint.settings import Settings
from deploylint.source import SourceFile
from deploylint.testing import registry

WF = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo ${{ github.sha }}
  call:
    uses: org/repo/.github/workflows/x.yml@main
  test:
    runs-on: ubuntu-latest
    steps:
      - if: ${{ always() }}
        run: make
"""


def _wf() -> Workflow:
    model = parse(SourceFile(Path("ci.yml"), WF)).model
    assert model is not None
    return model


def _run(r: Rule, wf: Workflow) -> list[tuple[str, int, int, str]]:
    ctx = Context(r, wf.source, None, Settings())
    return [(f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message) for f in r.check(wf, ctx)]


@rule(id="TST001", name="t-job", title="t", kind=Kind.WORKFLOW, severity=Severity.INFO)
@each_job
def job_level(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """Reports every job."""
    yield ctx.finding(job.id, f"job {job.id.value} of {len(wf.jobs)}")


@rule(id="TST002", name="t-step", title="t", kind=Kind.WORKFLOW, severity=Severity.INFO)
@each_step
def step_level(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    yield ctx.finding(step.anchor, f"{job.id.value} step {step.index}")


@rule(id="TST003", name="t-uses", title="t", kind=Kind.WORKFLOW, severity=Severity.INFO)
@each_uses
def uses_level(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    yield ctx.finding(ref, f"{job.id.value} {'step' if step is not None else 'job'} {ref.slug}")


@rule(id="TST004", name="t-expr", title="t", kind=Kind.WORKFLOW, severity=Severity.INFO)
@each_expression
def expression_level(wf: Workflow, s: Str, e: Expr, nodes: tuple[Node, ...], ctx: Context) -> Iterator[Finding]:
    yield ctx.finding(s.expr_span(e), f"{e.body.strip()} in '{s.value}'" + (" (parsed)" if nodes else ""))


@rule(id="TST005", name="t-cond", title="t", kind=Kind.WORKFLOW, severity=Severity.INFO)
@each_condition
def condition_level(wf: Workflow, job: Job, step: Step | None, cond: Str, ctx: Context) -> Iterator[Finding]:
    yield ctx.finding(cond, f"{job.id.value} {'step' if step is not None else 'job'}: {cond.value}")


def test_condition_level_sees_job_and_step_conditions() -> None:
    text = (
        "on: push\njobs:\n  a:\n    if: github.event_name == 'push'\n    runs-on: x\n    steps:\n"
        "      - run: make\n      - if: failure()\n        run: exit 1\n"
    )
    wf = parse(SourceFile(Path("ci.yml"), text)).model
    assert wf is not None
    assert _run(condition_level, wf) == [
        ("TST005", 4, 9, "a job: github.event_name == 'push'"),
        ("TST005", 8, 13, "a step: failure()"),
    ]


def test_job_level_runs_once_per_job() -> None:
    assert _run(job_level, _wf()) == [
        ("TST001", 3, 3, "job build of 3"),
        ("TST001", 8, 3, "job call of 3"),
        ("TST001", 10, 3, "job test of 3"),
    ]


def test_step_level_runs_once_per_step() -> None:
    assert _run(step_level, _wf()) == [
        ("TST002", 6, 9, "build step 0"),
        ("TST002", 7, 9, "build step 1"),
        ("TST002", 13, 9, "test step 0"),
    ]


def test_uses_level_sees_job_and_step_references() -> None:
    assert _run(uses_level, _wf()) == [
        ("TST003", 6, 15, "build step actions/checkout"),
        ("TST003", 9, 11, "call job org/repo"),
    ]


def test_expression_level_sees_every_expression() -> None:
    assert _run(expression_level, _wf()) == [
        ("TST004", 7, 19, "github.sha in 'echo ${{ github.sha }}' (parsed)"),
        ("TST004", 13, 13, "always() in '${{ always() }}' (parsed)"),
    ]


def test_adapted_check_keeps_the_rule_shape() -> None:
    # a workflow-level check under the function's own name, module and docstring
    assert job_level.check.__name__ == "job_level" and job_level.check.__module__ == __name__
    assert job_level.meta.doc == "Reports every job."
    assert [level_of(r.check) for r in (job_level, step_level, uses_level, expression_level)] == [
        "job",
        "step",
        "uses",
        "expression",
    ]


def test_converted_rules_declare_their_level() -> None:
    reg = registry()
    ids = ("GHA017", "GHA014", "GHA034", "GHA022", "GHA032", "GHA029")
    got = {rid: level_of(reg.rules[rid].check) for rid in ids}
    assert got == {
        "GHA017": "job",
        "GHA014": "step",
        "GHA034": "uses",
        "GHA022": "condition",
        "GHA032": "expression",
        "GHA029": "workflow",
    }
