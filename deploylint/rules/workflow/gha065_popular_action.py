"""GHA065: a step does not match what a popular remote action declares, or uses a retired major."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.models.workflow_popular import (
    DOCKER_INPUTS,
    RETIRED_RUNTIMES,
    Major,
    first_supported_major,
    popular_major,
)
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses
from deploylint.suggest import did_you_mean


@rule(
    id="GHA065",
    name="popular-action-mismatch",
    title="A step gives a popular action an input it does not have, leaves out a required one, or uses a "
    "major on a retired runtime",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("correctness",),
    aliases=("action",),
)
@each_uses
def popular_action_mismatch(
    wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context
) -> Iterator[Finding]:
    """## Why
    deploylint ships a table of widely used actions (`actions/checkout`, `setup-node`, `cache`,
    `upload-artifact`, `github-script`, the `docker/*` build actions,
    `aws-actions/configure-aws-credentials` and others) in
    `deploylint/models/workflow_popular.py`: per major version, the runtime its `action.yml`
    names in `runs.using` and, where listed, its inputs and deprecated inputs. For a step that
    uses one of these at a version tag (`@v4`, `@v4.1.2`, `@release/v1`):

    - a major on `node12` or `node16` (`actions/checkout@v2` and `@v3`) is a warning: GitHub's
      runners no longer run those runtimes and start the action on a newer Node than it was
      written for; the message names the first major on a runtime that is still supported;
    - a `with:` input the major does not declare is a warning (the runner drops it with only an
      "Unexpected input" notice), with the closest declared name;
    - a required input (no default) the step leaves out is a warning;
    - a deprecated input is reported at info, with the replacement the action gives;
    - `entrypoint` and `args` given to an action that is not a Docker action are a warning: only
      Docker actions take them.

    A commit-pinned, branch or unlisted version is not judged, and neither is an action the
    table does not list; local actions are GHA061's.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
              - uses: actions/cache@v4
                with:
                  keys: deps-${{ hashFiles('package-lock.json') }}
                  path: ~/.npm

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/cache@v4
                with:
                  key: deps-${{ hashFiles('package-lock.json') }}
                  path: ~/.npm

    ## Differences from actionlint
    actionlint generates its table of popular actions from their repositories; deploylint's is
    written by hand and smaller (fewer actions, inputs listed for fewer majors), so an input of
    an action or major whose inputs are not listed is never reported. actionlint reports an
    outdated runtime as an error; deploylint as a warning (the runner still starts the action).
    """
    if step is None or ref.kind != "repo":
        return
    major = popular_major(ref.name, ref.ref.strip())
    if major is None:
        return
    shown = f"{ref.name}@{ref.ref.strip()}"
    if major.using in RETIRED_RUNTIMES:
        first = first_supported_major(ref.name)
        advice = f"; move to @v{first} or later" if first is not None else ""
        yield ctx.finding(
            ref.raw,
            f"'{shown}' runs on {major.using}, a runtime GitHub's runners no longer run as written"
            f" (they start it on a newer Node){advice}",
        )
    yield from _check_inputs(step, ref, major, shown, ctx)


def _check_inputs(step: Step, ref: ActionRef, major: Major, shown: str, ctx: Context) -> Iterator[Finding]:
    declared = major.inputs
    deprecated = major.deprecated or {}
    docker = major.using == "docker"
    for key, _value in step.with_:
        low = key.value.lower()
        if low in deprecated:
            yield ctx.finding(
                key,
                f"input '{key.value}' of '{shown}' is deprecated: {deprecated[low]}",
                severity=Severity.INFO,
            )
            continue
        if low in DOCKER_INPUTS and major.using and not docker and (declared is None or low not in declared):
            yield ctx.finding(
                key,
                f"input '{key.value}' is for Docker actions only, and '{shown}' runs on {major.using}: "
                "the runner drops it",
            )
            continue
        if declared is not None and low not in declared:
            names = sorted(declared)
            yield ctx.finding(
                key,
                f"input '{key.value}' is not declared by '{shown}': the runner drops it"
                + did_you_mean(low, names)
                + f" (its inputs: {', '.join(repr(n) for n in names)})",
            )
    if declared is None:
        return
    given = {k.value.lower() for k, _v in step.with_}
    missing = [n for n, required in declared.items() if required and n not in given]
    for name in missing:
        yield ctx.finding(ref.raw, f"the step does not give the input '{name}', which '{shown}' requires")
