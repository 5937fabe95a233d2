from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.pm2 import Pm2File
from deploylint.models.project import Project
from deploylint.models.workflow import Command, Str, Workflow, script_commands, shell_script
from deploylint.registry import rule
from deploylint.rules.workflow._util import script_sinks
from deploylint.shell import Script, remote_script


def _cluster_apps(project: Project | None) -> dict[str, Pm2File]:
    """Cluster-mode app names (and the ecosystem file names that hold one) -> their file."""
    out: dict[str, Pm2File] = {}
    if project is None:
        return out
    for _art, pm2 in project.of_kind(Kind.PM2):
        if isinstance(pm2, Pm2File) and any(a.cluster for a in pm2.apps):
            out.setdefault(pm2.source.path.name, pm2)
            out.setdefault("all", pm2)
            for a in pm2.apps:
                if a.cluster:
                    out.setdefault(a.name, pm2)
    return out


def _remote_commands(script: Script | None, value: Str) -> list[Command]:
    """The commands an ``ssh host 'command'`` of ``script`` runs on the remote host."""
    out: list[Command] = []
    for c in script.commands if script is not None else ():
        remote = remote_script(c, value.file)
        if remote is not None:
            out += script_commands(remote)
    return out


@rule(
    id="GHA040",
    name="pm2-restart-cluster-app",
    title="Deploy restarts a PM2 cluster app instead of reloading it",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("deploy", "pm2", "cross-file"),
    needs_project=True,
)
def pm2_restart_cluster(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pm2 restart` stops every worker of an app and then starts them again: for the seconds in
    between nothing serves, on every deploy. For an app in cluster mode `pm2 reload` replaces the
    workers one at a time, with no downtime. Reported when a step's `run:` (or an SSH action's
    `script:`, or the quoted remote command of an `ssh host '...'` in either) restarts an app, `all`, or an ecosystem file that the project's PM2 ecosystem file
    declares in cluster mode; without an ecosystem file in the scan nothing is judged.

    ## Example
        (no example in one file: ecosystem.config.js declares
        `{ name: "api", exec_mode: "cluster" }` and a deploy step runs `pm2 restart api`)

    ## Use instead
        (`pm2 reload api`, or `pm2 reload ecosystem.config.js --env production`)
    """
    steps = [(step, label, value) for _job, step in wf.steps() for label, value in script_sinks(step)]
    if not any("pm2" in value.value for _s, _l, value in steps):
        return
    apps = _cluster_apps(ctx.project)
    for step, label, value in steps:
        if "pm2" not in value.value:
            continue
        # an action's script input (appleboy/ssh-action's ``script:``) is run by bash
        script = step.script() if label == "run" else shell_script(value, "bash")
        commands = [*(step.commands("pm2") if label == "run" else script_commands(script) if script else ())]
        if "ssh" in value.value:
            commands += _remote_commands(script, value)
        for cmd in commands:
            words = cmd.words[1:] if cmd.command_name in ("npx", "yarn", "pnpm") else cmd.words
            if len(words) < 3 or words[0].value.rsplit("/", 1)[-1] != "pm2" or words[1].value != "restart":
                continue
            target = words[2]
            pm2 = apps.get(target.value.rsplit("/", 1)[-1])
            if pm2 is not None:
                related = (ctx.location(pm2.apps[0].anchor, note="cluster mode"),)
                msg = f"'pm2 restart {target.value}' stops every worker of a cluster app; use 'pm2 reload'"
                yield ctx.finding(words[1].span, msg, related=related)
