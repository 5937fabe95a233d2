from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP021",
    name="logging-disabled",
    title="Service logs are thrown away",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("logging", "security"),
    aliases=("CL-0014",),
    security_severity=2.0,
)
def logging_disabled(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `logging: {driver: none}` discards everything the service writes: no `docker logs`, nothing
    to investigate an incident or an intrusion with. Rotate logs (CMP007) instead of dropping
    them. Information, and nothing in development files.

    ## Example
        services:
          api:
            image: example/api:1.4.2
            logging:
              driver: none

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            logging:
              driver: local
    """
    for svc in model:
        d = svc.logging.driver if svc.logging is not None else None
        sev = model.advice(d, ctx.rule.meta.severity) if d is not None else None
        if d is not None and d.value == "none" and sev is not None:
            yield ctx.finding(d, f"service {svc.name.value!r} discards its logs", severity=sev)
