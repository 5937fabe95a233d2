from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP015",
    name="capabilities-not-dropped",
    title="Service keeps Docker's default capabilities",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("hardening", "security"),
    aliases=("CL-0006",),
    security_severity=3.0,
)
def capabilities_not_dropped(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Docker grants 14 capabilities by default (`CHOWN`, `NET_RAW`, `SETUID`, `DAC_OVERRIDE`...);
    most services need none or one of them. `cap_drop: [ALL]` plus a short `cap_add` list of what
    the service really needs limits what an attacker can do with a foothold. Hardening advice:
    information (a warning under the `strict` preset), nothing in development files or fragments
    whose base is not found.

    ## Example
        services:
          api:
            image: example/api:1.4.2
            cap_drop:
              - NET_RAW

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            cap_drop:
              - ALL
            cap_add:
              - NET_BIND_SERVICE
    """
    for svc in model:
        if any(c.value.upper().removeprefix("CAP_") == "ALL" for c in svc.cap_drop):
            continue
        at = svc.keys.get("cap_drop", svc.name)
        sev = (
            model.advice(at, ctx.rule.meta.severity)
            if "cap_drop" in svc.keys
            else model.missing(svc, ctx.rule.meta.severity)
        )
        if sev is not None:
            yield ctx.finding(at, f"service {svc.name.value!r} does not drop all capabilities", severity=sev)
