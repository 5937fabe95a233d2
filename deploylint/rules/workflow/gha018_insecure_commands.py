from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Env, Workflow
from deploylint.registry import Kind, rule


@rule(
    id="GHA018",
    name="insecure-commands",
    title="Deprecated, injectable workflow commands are re-enabled",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("security", "injection"),
    security_severity=8.0,
    aliases=("insecure-commands", "CKV_GHA_1"),
)
def insecure_commands(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` turns the removed `::set-env` and `::add-path`
    commands back on. Any text a step prints (a test name, a log line from a dependency) can then
    set environment variables such as `LD_PRELOAD` or `NODE_OPTIONS` for later steps: code
    execution. Write to `$GITHUB_ENV` and `$GITHUB_PATH` instead.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            env:
              ACTIONS_ALLOW_UNSECURE_COMMANDS: true
            steps:
              - run: make

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make
    """
    envs: list[Env] = [wf.env]
    for job in wf.jobs:
        envs.append(job.env)
        envs.extend(s.env for s in job.steps)
        if job.container is not None:
            envs.append(job.container.env)
    for env in envs:
        for var in env.vars:
            if var.name.value == "ACTIONS_ALLOW_UNSECURE_COMMANDS":
                v = var.value.value.strip().lower()
                if v and v not in ("false", "0", "no"):
                    yield ctx.finding(
                        var.name, "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables '::set-env' and '::add-path'"
                    )
