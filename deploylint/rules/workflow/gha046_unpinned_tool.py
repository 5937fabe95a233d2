from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.tree import YScalar
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses

#: actions that download their tool's newest release unless ``with.version`` names one
LATEST_BY_DEFAULT = {
    "aquasecurity/setup-trivy": "trivy",
    "1password/load-secrets-action": "the 1Password CLI",
}


def _version_input(key: str) -> bool:
    """``version``, ``helm-version``, ``buildx_version``: an input that chooses a tool's release."""
    low = key.lower()
    return low == "version" or low.endswith(("-version", "_version"))


@rule(
    id="GHA046",
    name="unpinned-tool",
    title="An action downloads the latest release of a tool",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("supply-chain", "reproducibility"),
    aliases=("unpinned-tools",),
)
@each_uses
def unpinned_tool(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    Pinning an action to a commit fixes the action's code, not what it downloads. Some setup
    actions fetch the newest release of their tool on every run unless `with.version` names
    one, so a new (or hijacked) release of the tool runs in your job, beside your secrets, the
    day it is published. `aquasecurity/setup-trivy` and `1password/load-secrets-action` do so
    when `version` is left out or set to `latest`: that is a warning. A version computed by an
    expression (`${{ inputs.trivy-version }}`) may be `latest`, which the file does not show:
    `info`. Any other action given `latest` for an input that chooses a release (`version`,
    `helm-version`, `buildx_version`) is told the same as `info`: it was asked for, but the
    tool still moves under the workflow. Steps whose `if:` is always false (kept only for
    updaters such as Dependabot) are not reported.

    ## Example
        on: push
        jobs:
          scan:
            runs-on: ubuntu-latest
            steps:
              - uses: aquasecurity/setup-trivy@3fb12ec12f41e471780db15c232d5dd185dcb514 # v0.2.6

    ## Use instead
        on: push
        jobs:
          scan:
            runs-on: ubuntu-latest
            steps:
              - uses: aquasecurity/setup-trivy@3fb12ec12f41e471780db15c232d5dd185dcb514 # v0.2.6
                with:
                  version: v0.65.0

    ## Differences from zizmor
    zizmor's `unpinned-tools` knows the same two actions. deploylint also reports (as `info`)
    an explicit `latest` given to a version input of any other action.
    """
    if step is None or ref.kind != "repo" or step.never_runs:
        return
    with_node = step.node.get("with") if step.node is not None else None
    if isinstance(with_node, YScalar) and not with_node.is_null:
        return  # `with: ${{ fromJSON(...) }}`: the inputs are computed
    tool = LATEST_BY_DEFAULT.get(ref.slug)
    if tool is not None:
        version = step.input("version")
        if version is None:
            yield ctx.finding(ref, f"'{ref.slug}' downloads the latest {tool} when 'version' is not set; pin one")
        elif version.value.strip().lower() == "latest":
            yield ctx.finding(version, f"'version: latest' makes '{ref.slug}' download the newest {tool}; pin one")
        elif version.has_expr:
            yield ctx.finding(
                version,
                f"'version' of '{ref.slug}' is computed and may be 'latest'; make sure it names a release",
                severity=Severity.INFO,
            )
        return
    for key, value in step.with_:
        if _version_input(key.value) and value.value.strip().lower() == "latest":
            yield ctx.finding(
                value,
                f"'{key.value}: latest' makes '{ref.slug}' download the newest release; pin one",
                severity=Severity.INFO,
            )
