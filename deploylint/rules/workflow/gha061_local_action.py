from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Step, Workflow
from deploylint.models.workflow_popular import DOCKER_INPUTS, RETIRED_RUNTIMES
from deploylint.registry import Kind, rule
from deploylint.suggest import did_you_mean

#: the ``runs.using`` values the runner runs
USING = ("node20", "node24", "composite", "docker")


@rule(
    id="GHA061",
    name="local-action-mismatch",
    title="A step does not match the inputs of the local action it uses, or an action's runs.using is invalid",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("correctness", "cross-file"),
    aliases=("action",),
    needs_project=True,
)
def local_action_mismatch(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    A step that uses an action of the same repository (`uses: ./.github/actions/setup`) passes
    `with:` values that the action's `action.yml` (or `action.yaml`) declares as `inputs`. An
    input the action does not declare is dropped (the runner only warns "Unexpected input"),
    usually a misspelt name whose value never arrives; an input the action marks
    `required: true` with no `default` that the step leaves out reaches the action empty. Both
    are warnings: the runner starts the step anyway and the action decides what happens. Docker
    actions also take `entrypoint` and `args`.

    In an action file itself, `runs.using` must name a runner GitHub has: `node20`, `node24`,
    `composite` or `docker`. Another value is an error (every step that uses the action fails);
    `node12` and `node16` are retired, and the runner now runs such actions on a newer Node
    than they were written for, which is a warning.

    The action's metadata is read from the scanned repository (inside the scan root only); a
    folder that is not there is not reported, as a job may check it out or build it first.

    ## Example
        # (no example that fires alone: it needs the action's metadata; see the rule's cases)
        # .github/actions/deploy/action.yml declares the inputs 'environment' (required)
        # and 'dry-run'
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: ./.github/actions/deploy
                with:
                  dryrun: true

    ## Use instead
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: ./.github/actions/deploy
                with:
                  environment: production
                  dry-run: true

    ## Differences from actionlint
    actionlint checks more of an action's metadata (`description`, `branding`, that `main`
    exists) and reports it at the step that uses the action; deploylint checks only
    `runs.using`, in the action file. Popular remote actions are GHA065's. Steps of composite
    actions are not checked: their `./` names the calling workflow's workspace.
    """
    if wf.is_action:
        yield from _check_using(wf, ctx)
        return
    project = ctx.project
    if project is None:
        return
    for _job, step in wf.steps():
        ref = step.uses
        if ref is None or ref.kind != "local":
            continue
        action = project.local_action(wf, ref.path)
        if action is not None and action.action is not None:
            yield from _check_step(step, action, ref.raw.value.strip(), ctx)


def _check_step(step: Step, action: Workflow, shown: str, ctx: Context) -> Iterator[Finding]:
    meta = action.action
    assert meta is not None
    declared = {i.name.value.lower(): i for i in meta.inputs}
    names = [i.name.value for i in meta.inputs]
    using = meta.using.value.strip().lower() if meta.using is not None else ""
    extra = DOCKER_INPUTS if using == "docker" else ()
    title = f"the action at {shown}" + (f" ({action.name.value.strip()})" if action.name is not None else "")
    for key, _value in step.with_:
        low = key.value.lower()
        if low in declared or low in extra:
            continue
        listing = ", ".join(f"'{n}'" for n in names[:8]) + (", ..." if len(names) > 8 else "")
        declares = f"its inputs: {listing}" if names else "it declares no inputs"
        yield ctx.finding(
            key,
            f"input '{key.value}' is not declared by {title}: the runner drops it"
            + did_you_mean(key.value, names)
            + f" ({declares})",
        )
    given = {k.value.lower() for k, _v in step.with_}
    anchor = step.uses.raw if step.uses is not None else step.anchor
    for low, decl in declared.items():
        if decl.required and decl.default is None and low not in given:
            yield ctx.finding(
                anchor,
                f"the step does not give the input '{decl.name.value}', which {title} requires (it has no default)",
            )


def _check_using(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    meta = wf.action
    using = meta.using if meta is not None else None
    if using is None or using.has_expr:
        return
    value = using.value.strip()
    low = value.lower()
    if low in USING:
        return
    if low in RETIRED_RUNTIMES:
        yield ctx.finding(
            using,
            f"runs.using '{value}' is retired: the runner runs the action on a newer Node than it was written "
            "for; move it to node24 (or node20)",
        )
        return
    yield ctx.finding(
        using,
        f"runs.using '{value}' is not a runner GitHub has (node20, node24, composite or docker): every step "
        "that uses this action fails",
        severity=Severity.ERROR,
    )
