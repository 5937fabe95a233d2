from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.compose import ComposeFile, Service
from deploylint.registry import Kind, rule
from deploylint.rules.compose._fixes import add_to_service
from deploylint.rules.compose._shared import per_definition


@rule(
    id="CMP002",
    name="no-restart-policy",
    title="Service has no restart policy",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability",),
    fixable=True,
)
def no_restart_policy(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `restart:` (or `deploy.restart_policy`) a container that crashes, or a host that
    reboots, leaves the service down until someone notices. Any explicit policy passes, including
    `"no"` for a job that must not come back: the point is that it was decided. A value that
    comes from a merge key (`<<: *defaults`), an override file, a base merged under a `-f`
    fragment or `extends:` counts. Run-to-completion jobs (a `migrate`/`init`/`setup`/`seed`/
    `backup` command, or a service another waits for with `service_completed_successfully`) and
    fragments whose base is not found (no `image`/`build`) are not judged. Services inheriting one
    definition (`<<: *app`, `extends:`) get one finding at that definition. A Swarm stack is not
    judged: Swarm restarts its tasks unless `deploy.restart_policy` says otherwise.
    Production advice: a warning when the file is known to run in production (see `profiles` in
    the configuration), information when nothing tells, nothing in development files.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            restart: unless-stopped

    ## Fix safety
    Unsafe: `restart: unless-stopped` is added after the service's last key (block style, the
    service's indentation and line endings). The container then comes back after a crash, a
    daemon restart or a reboot, which is a behaviour change: a service that should stay down
    after it stops (a job, a tool) keeps restarting. A service that inherits its definition, is
    merged from another file or is written in flow style is not fixed.

    ## Differences from KICS
    KICS insists on `on-failure:5`; any explicit policy passes here.
    """
    if model.swarm:
        return  # Swarm restarts tasks by default (deploy.restart_policy: any)
    flagged = []
    for svc in model:
        if svc.restart is not None or (svc.deploy is not None and svc.deploy.restart_policy is not None):
            continue
        sev = model.missing(svc, ctx.rule.meta.severity)
        if sev is not None and not model.one_shot(svc):
            flagged.append((svc, sev))
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} has no restart policy", _add_restart)


def _add_restart(svc: Service) -> Fix | None:
    edit = add_to_service(svc, [(0, "restart: unless-stopped")])
    return Fix("add restart: unless-stopped", (edit,), Applicability.UNSAFE) if edit is not None else None
