from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Prop, path_of
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Input, Job, Str, Trigger, Workflow
from deploylint.registry import Kind, rule
from deploylint.source import Span
from deploylint.suggest import did_you_mean
from deploylint.truth import yaml_bool


@rule(
    id="GHA060",
    name="workflow-call-mismatch",
    title="A call of a local reusable workflow does not match the inputs, secrets or outputs it declares",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness", "cross-file"),
    aliases=("workflow-call",),
    needs_project=True,
)
def workflow_call_mismatch(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    A job that calls a reusable workflow of the same repository
    (`uses: ./.github/workflows/build.yml`) must fit what that file's `on.workflow_call`
    declares, and GitHub checks the fit when the run starts: an input or a secret the called
    workflow does not declare, a required input (one with no `default`) or a required secret
    left out (unless `secrets: inherit`), a `boolean` input given anything but `true`/`false`, a
    `number` input given text that is not a number, a file with no `workflow_call` trigger at
    all, or no file, and the whole run fails before any job starts. These are errors. Reading
    an output the called workflow does not declare (`needs.<job>.outputs.<name>`, or
    `jobs.<job>.outputs.<name>` in a reusable workflow's own `on.workflow_call.outputs`) is not
    refused: the value is empty at run time, which is a warning.

    The called file is read from the scanned repository (inside the scan root only); names
    compare without regard to case, as GitHub's do. A value written as an expression is not
    judged, and neither is a `string` input given a number or a boolean (GitHub turns those into
    text).

    ## Example
        # (no example that fires alone: it needs build.yml beside it; see the rule's cases)
        # .github/workflows/release.yml; build.yml declares the inputs 'version' (required)
        # and 'dry-run' (boolean), the secret 'token' (required) and the output 'digest'
        on: push
        jobs:
          build:
            uses: ./.github/workflows/build.yml
            with:
              dry-run: "no"
              verison: 1.2.0
          publish:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ needs.build.outputs.image }}"

    ## Use instead
        on: push
        jobs:
          build:
            uses: ./.github/workflows/build.yml
            with:
              dry-run: false
              version: 1.2.0
            secrets:
              token: ${{ secrets.RELEASE_TOKEN }}
          publish:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ needs.build.outputs.digest }}"

    ## Differences from actionlint
    Only calls of workflows in the scanned repository are checked (remote ones would have to be
    downloaded). A called file that is missing is reported only in a git checkout (a `.git` at
    the top of the repository): a partial copy of a repository, such as its workflow folder
    alone, is a common scan. As in actionlint, a `string` input given a number or a boolean is
    accepted.
    """
    project = ctx.project
    if project is None:
        return
    callees: dict[str, tuple[Job, Trigger]] = {}
    for job in wf.jobs:
        ref = job.uses
        if ref is None or ref.kind != "local":
            continue
        callee = project.called_workflow(wf, ref.path)
        shown = ref.raw.value.strip()
        if callee is None:
            if project.called_workflow_missing(wf, ref.path):
                yield ctx.finding(ref.raw, f"{shown} does not exist in the repository: GitHub refuses the run")
            continue
        trigger = callee.trigger("workflow_call")
        if trigger is None:
            yield ctx.finding(
                ref.raw,
                f"{shown} has no 'workflow_call' trigger: GitHub refuses to call it as a reusable workflow",
            )
            continue
        callees[job.id.value.lower()] = (job, trigger)
        yield from _check_inputs(job, trigger, shown, ctx)
        yield from _check_secrets(job, trigger, shown, ctx)
    yield from _check_outputs(wf, callees, ctx)


def _check_inputs(job: Job, trigger: Trigger, shown: str, ctx: Context) -> Iterator[Finding]:
    declared = {i.name.value.lower(): i for i in trigger.inputs}
    given = {k.value.lower() for k, _v in job.with_}
    for key, value in job.with_:
        decl = declared.get(key.value.lower())
        if decl is None:
            names = [i.name.value for i in trigger.inputs]
            yield ctx.finding(
                key,
                f"input '{key.value}' is not declared by {shown} ({_listing('inputs', names)})"
                + did_you_mean(key.value, names),
            )
            continue
        wrong = _type_mismatch(decl, value)
        if wrong:
            yield ctx.finding(value, f"input '{key.value}' of {shown} is a {decl.type}: {wrong}")
    anchor = job.uses.raw if job.uses is not None else job.id
    for low, decl in declared.items():
        if decl.required and decl.default is None and low not in given:
            yield ctx.finding(
                anchor,
                f"job '{job.id.value}' does not give the input '{decl.name.value}', which {shown} requires "
                "(it has no default)",
            )


def _check_secrets(job: Job, trigger: Trigger, shown: str, ctx: Context) -> Iterator[Finding]:
    declared = {s.name.value.lower(): s for s in trigger.secrets}
    names = [s.name.value for s in trigger.secrets]
    for key, _value in job.secrets:
        if key.value.lower() not in declared:
            yield ctx.finding(
                key,
                f"secret '{key.value}' is not declared by {shown} ({_listing('secrets', names)})"
                + did_you_mean(key.value, names),
            )
    if job.secrets_inherit is not None:
        return
    passed = {k.value.lower() for k, _v in job.secrets}
    anchor = job.uses.raw if job.uses is not None else job.id
    for low, sec in declared.items():
        if sec.required and low not in passed:
            yield ctx.finding(
                anchor,
                f"job '{job.id.value}' does not pass the secret '{sec.name.value}', which {shown} requires",
            )


def _check_outputs(wf: Workflow, callees: dict[str, tuple[Job, Trigger]], ctx: Context) -> Iterator[Finding]:
    """``needs.<job>.outputs.<name>`` (and ``jobs.<job>.outputs.<name>``) of a calling job, for a
    name the called workflow does not declare."""
    if not callees:
        return
    seen: set[tuple[int, int]] = set()
    for s, _e, nodes in wf.expression_nodes():
        for node in nodes:
            if not isinstance(node, Prop):
                continue
            path = path_of(node)
            if path is None or len(path) != 4 or path[0] not in ("needs", "jobs") or path[2] != "outputs":
                continue
            got = callees.get(path[1])
            if got is None:
                continue
            job, trigger = got
            outputs = [o.value for o in trigger.outputs]
            if node.name.lower() in {o.lower() for o in outputs}:
                continue
            span = _name_span(s, node)
            key = (span.start_line, span.start_col)
            if key in seen:
                continue
            seen.add(key)
            shown = job.uses.raw.value.strip() if job.uses is not None else job.id.value
            yield ctx.finding(
                span,
                f"job '{job.id.value}' has no output '{node.name}': {shown} declares "
                f"{_listing('outputs', outputs, bare=True)}" + did_you_mean(node.name, outputs),
                severity=Severity.WARNING,
            )


def _type_mismatch(decl: Input, value: Str) -> str:
    """Why ``value`` cannot be given to the ``boolean`` or ``number`` input ``decl`` ("" when it
    can, or cannot be told: an expression)."""
    if value.has_expr:
        return ""
    text = value.value.strip()
    plain = value.style == ""
    if decl.type == "boolean":
        if plain and yaml_bool(text, plain=True) is not None:
            return ""
        what = "quoted text" if not plain else "not 'true' or 'false'"
        return f"'{text}' is {what}; write true or false"
    if decl.type == "number":
        if _is_number(text):
            return ""
        return f"'{text}' is not a number"
    return ""


def _is_number(text: str) -> bool:
    low = text.lower()
    if low.startswith(("0x", "-0x", "+0x")):
        try:
            int(low.replace("_", ""), 16)
        except ValueError:
            return False
        return True
    try:
        float(text)
    except ValueError:
        return False
    return low not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity")


def _listing(what: str, names: list[str], *, bare: bool = False) -> str:
    if not names:
        return f"no {what}"
    shown = ", ".join(f"'{n}'" for n in names[:8]) + (", ..." if len(names) > 8 else "")
    return shown if bare else f"its {what}: {shown}"


def _name_span(s: Str, node: Prop) -> Span:
    """The property name itself inside ``s`` (``x`` of ``needs.j.outputs.x``), else the reference."""
    text = s.value[node.start : node.end]
    if text.endswith(node.name):
        return s.span_of(node.end - len(node.name), node.end)
    return s.node_span(node)
