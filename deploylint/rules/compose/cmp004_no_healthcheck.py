from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.rules.compose._shared import per_definition


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
    reported too. A service built from a Dockerfile in the repository whose built stage declares
    a `HEALTHCHECK` passes, and so does an image known to declare one (`vaultwarden/server`,
    `pihole/pihole`...). Run-to-completion jobs (`restart: "no"` or `on-failure`, a
    `migrate`/`init`/`setup`/`seed`/`backup` command, a service another waits for with
    `service_completed_successfully`) and fragments whose base is not found are not judged.
    Services inheriting one definition get one finding at that definition.
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
            healthcheck:
              test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
              interval: 30s
    """
    default = ctx.rule.meta.severity
    flagged = []
    for svc in model:
        hc = svc.healthcheck
        if hc is not None:
            at = svc.keys.get("healthcheck", svc.name)
            sev = model.advice(at, default)
            if hc.disabled and sev is not None and not model.one_shot(svc):
                yield ctx.finding(at, f"service {svc.name.value!r} disables its healthcheck", severity=sev)
            continue
        sev = model.missing(svc, default)
        if sev is None or svc.healthy_when_up or model.one_shot(svc):
            continue
        flagged.append((svc, sev))
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} has no healthcheck")
