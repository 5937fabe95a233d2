from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP004",
    name="no-healthcheck",
    title="Service has no healthcheck",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability",),
)
def no_healthcheck(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without a healthcheck Docker only knows that the process runs, not that it answers: a hung
    server stays "up", `depends_on: condition: service_healthy` cannot wait for it, and an
    orchestrator cannot replace it. `healthcheck: {disable: true}` or `test: ["NONE"]` is
    reported too. A service built from a Dockerfile in the repository that declares a
    `HEALTHCHECK` passes, and so do run-to-completion jobs (`restart: "no"` or `on-failure`).
    Images that define their own HEALTHCHECK cannot be seen from here. Production only.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            healthcheck:
              test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
              interval: 30s
    """
    if not model.production:
        return
    lookup = getattr(ctx.project, "dockerfile_healthcheck_for", None)
    for svc in model:
        hc = svc.healthcheck
        if hc is not None:
            if hc.disabled:
                at = svc.keys.get("healthcheck", svc.name)
                yield ctx.finding(at, f"service {svc.name.value!r} disables its healthcheck", source=at.file)
            continue
        if svc.one_shot or svc.healthy_when_up:
            continue
        if lookup is not None and svc.build is not None and lookup(svc):
            continue
        yield ctx.finding(svc.name, f"service {svc.name.value!r} has no healthcheck", source=svc.file)
