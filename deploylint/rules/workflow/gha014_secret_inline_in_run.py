from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.secrets import name_is_identifier
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.rules.workflow._via_env import via_env


@rule(
    id="GHA014",
    name="secret-inline-in-run",
    title="A secret is written inline in a run: script",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=4.0,
    fixable=True,
)
@each_step
def secret_inline_in_run(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `${{ secrets.X }}` in `run:` is pasted into the script text before the shell runs: the secret
    is written to the runner's disk inside the script file, shows up in process listings, and a
    value containing quotes or `$` breaks (or changes) the command. Pass it through `env:` and
    use the variable instead. A secret whose name says it holds an identifier, not a
    credential (`DOCKER_ORG_NAME`, `S3_BUCKET`, `REGISTRY_USERNAME`, `AZURE_ENDPOINT`: the shared
    vocabulary of `deploylint.models.secrets`), is `info`: kept in secrets for convenience, it
    breaks nothing when printed.

    ## Example
        on: push
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  curl -H "Authorization: Bearer ${{ secrets.API_TOKEN }}" https://example.com

    ## Use instead
        on: push
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  curl -H "Authorization: Bearer $API_TOKEN" https://example.com
                env:
                  API_TOKEN: ${{ secrets.API_TOKEN }}

    ## Fix safety
    Unsafe: as for GHA012, `${{ secrets.X }}` in a POSIX `run:` script is replaced by a shell
    variable (`"$X"` where it stood unquoted, `$X` inside double quotes, `'"$X"'` inside single
    quotes) and `X: ${{ secrets.X }}` is added to the step's `env:` (created at the step's
    indentation when it has none), the name changed only if it clashes with another `env:` name.
    A secret that was meant to be split into several words, or to be read as shell code, now
    arrives as one word of data. A secret inside a larger expression, a here-document or a
    comment, and steps with a PowerShell or cmd shell, are not fixed.
    """
    if step.run is None:
        return
    for path, node, e in step.run.refs():
        if path[0] == "secrets":
            name = step.run.value[node.start : node.end]
            sev = Severity.INFO if len(path) > 1 and name_is_identifier(str(path[1])) else None
            yield ctx.finding(
                step.run.node_span(node),
                f"'{name}' is pasted into the script; pass it through 'env:'",
                severity=sev,
                fix=via_env(wf, job, step, step.run, node, e, path),
            )
