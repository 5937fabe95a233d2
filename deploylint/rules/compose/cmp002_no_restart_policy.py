from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP002",
    name="no-restart-policy",
    title="Service has no restart policy",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability",),
)
def no_restart_policy(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `restart:` (or `deploy.restart_policy`) a container that crashes, or a host that
    reboots, leaves the service down until someone notices. Any explicit policy passes, including
    `"no"` for a job that must not come back: the point is that it was decided. A value that
    comes from a merge key (`<<: *defaults`), an override file or `extends:` counts. Production
    only.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            restart: unless-stopped

    ## Differences from KICS
    KICS insists on `on-failure:5`; any explicit policy passes here.
    """
    if not model.production:
        return
    for svc in model:
        if svc.restart is None and (svc.deploy is None or svc.deploy.restart_policy is None):
            yield ctx.finding(svc.name, f"service {svc.name.value!r} has no restart policy", source=svc.file)
