from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: secret names that may be used outside an environment (case-insensitive); GITHUB_TOKEN always may
    allow: tuple[str, ...] = ()


@rule(
    id="GHA055",
    name="secrets-outside-env",
    title="A job without an environment reads a secret",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("security", "hardening", "secrets"),
    security_severity=3.0,
    aliases=("secrets-outside-env",),
    options=Options,
)
def secrets_outside_env(wf: Workflow, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    Repository and organisation secrets reach every job of every workflow of the repository;
    an environment's secrets reach only the jobs that name the environment, and only once its
    protection rules pass (required reviewers, allowed branches). A job that reads `secrets.X`
    and names no `environment:` gets the secret under no such condition. Move the secret into
    an environment and name that environment in the jobs that need it. `secrets.GITHUB_TOKEN`
    is never reported (the job's `permissions:` scope it), nor are reusable-workflow calls (the
    called workflow's jobs decide) and workflows that are themselves `workflow_call` targets (the
    caller picks the environment). This is hardening advice that needs a change of the
    repository's settings, not only of the file, so it is info.

    ## Example
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: ./deploy.sh
                env:
                  API_KEY: ${{ secrets.API_KEY }}

    ## Use instead
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: ./deploy.sh
                env:
                  API_KEY: ${{ secrets.API_KEY }}

    ## Options
    `allow`: secret names that may be used outside an environment (compared case-insensitively),
    for tokens of little worth such as a coverage upload token:

        [tool.deploylint.rules.GHA055.options]
        allow = ["CODECOV_TOKEN"]

    ## Differences from zizmor
    zizmor shows this audit only in its `auditor` persona; deploylint reports it as info.
    Its `allow` option is this rule's `allow`.
    """
    if "workflow_call" in wf.events:
        return
    allowed = {"github_token"} | {a.lower() for a in (ctx.options.allow if ctx.options is not None else ())}
    for path, s in wf.located():
        if len(path) < 2 or path[0] != "jobs":
            continue
        job = wf.job(str(path[1]))
        if job is None or job.environment is not None or job.uses is not None:
            continue
        for ref, node, _e in s.refs():
            if len(ref) < 2 or str(ref[0]).lower() != "secrets" or str(ref[1]).lower() in allowed:
                continue
            yield ctx.finding(
                s.node_span(node),
                f"'{s.value[node.start : node.end]}' is read in job '{job.id.value}', which names no environment",
            )
