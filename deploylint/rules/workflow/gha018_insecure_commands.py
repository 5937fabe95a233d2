from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.tree import YNode
from deploylint.models.workflow import Env, EnvVar, Workflow
from deploylint.registry import Kind, rule
from deploylint.source import SourceFile
from deploylint.yaml_edit import delete_pair, is_flow, plain_map


@rule(
    id="GHA018",
    name="insecure-commands",
    title="Deprecated, injectable workflow commands are re-enabled",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("security", "injection"),
    security_severity=8.0,
    fixable=True,
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

    ## Fix safety
    Unsafe: the variable's line is removed from its block `env:` (and the `env:` key with it
    when it was the only variable; a comment at the end of the line goes too). A step that still
    prints `::set-env` or `::add-path` then has no effect, and a later step that relied on the
    variable or path it set fails: rewrite those to `$GITHUB_ENV` and `$GITHUB_PATH` (GHA033).
    A flow-style `env: {...}` and a container's `env:` are not fixed.
    """
    envs: list[tuple[Env, YNode | None]] = [(wf.env, wf.root)]
    for job in wf.jobs:
        envs.append((job.env, job.node))
        envs.extend((s.env, s.node) for s in job.steps)
        if job.container is not None:
            envs.append((job.container.env, None))
    for env, owner in envs:
        for var in env.vars:
            if var.name.value == "ACTIONS_ALLOW_UNSECURE_COMMANDS":
                v = var.value.value.strip().lower()
                if v and v not in ("false", "0", "no"):
                    yield ctx.finding(
                        var.name,
                        "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables '::set-env' and '::add-path'",
                        fix=_remove(owner, var, wf.source),
                    )


def _remove(owner: YNode | None, var: EnvVar, src: SourceFile) -> Fix | None:
    """The variable's line removed from a block ``env:`` (the whole ``env:`` when it is the only
    variable)."""
    owner_map = plain_map(owner)
    pair = owner_map.pair("env") if owner_map is not None else None
    env = plain_map(pair.value) if pair is not None else None
    if pair is None or env is None or is_flow(env, src) or (owner_map is not None and is_flow(owner_map, src)):
        return None
    entry = next((p for p in env.pairs if p.key.span.start_offset == var.name.span.start_offset), None)
    if entry is None:
        return None
    edit = delete_pair(src, entry if len(env.pairs) > 1 else pair)
    title = "remove ACTIONS_ALLOW_UNSECURE_COMMANDS"
    return Fix(title, (edit,), Applicability.UNSAFE) if edit is not None else None
