from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.rules.compose._shared import per_definition


@rule(
    id="CMP003",
    name="no-resource-limits",
    title="Service has no memory or CPU limit",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability", "resources"),
    aliases=("CL-0026",),
)
def no_resource_limits(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A container without limits can take all the memory of the host (the kernel then kills
    whatever it picks, often another service) or starve its neighbours of CPU. A memory leak or a
    traffic spike in one service becomes an outage of all of them. Set
    `deploy.resources.limits.memory` (and `cpus`), or the older `mem_limit`/`cpus`/`cpu_quota`.
    Reservations are not limits. How much a service may take depends on the host, which the file
    does not show: a warning only when the file is known to run in production (see `profiles` in
    the configuration), information when nothing tells, nothing in development files or in
    fragments whose base is not found. Services inheriting one definition (`<<: *app`,
    `extends:`) get one finding at that definition.

    ## Example
        services:
          worker:
            image: example/worker:2.0.1

    ## Use instead
        services:
          worker:
            image: example/worker:2.0.1
            deploy:
              resources:
                limits:
                  memory: 512M
                  cpus: "1.0"

    ## Differences from compose-lint
    CL-0026 also runs on development files; the development profile is quiet here.
    """
    flagged = []
    for svc in model:
        limits = svc.deploy.limits if svc.deploy is not None else {}
        if "memory" in limits or "cpus" in limits:
            continue
        if any(k in svc.scalars for k in ("mem_limit", "cpus", "cpu_quota")):
            continue
        sev = model.missing(svc, ctx.rule.meta.severity)
        if sev is not None:
            flagged.append((svc, sev))
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} has no memory or CPU limit")
