from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.rules.compose._shared import per_definition

SET = frozenset({"no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"})


@rule(
    id="CMP014",
    name="no-new-privileges-unset",
    title="Processes may gain privileges through setuid binaries",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("hardening", "security"),
    aliases=("CL-0003",),
    security_severity=3.0,
)
def no_new_privileges(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `security_opt: [no-new-privileges:true]` stops a process from gaining privileges through
    setuid or setcap binaries (`su`, `sudo`, `ping` in some images), which closes a common step
    from a compromised unprivileged process to root inside the container. Hardening advice:
    information (a warning under the `strict` preset), nothing in development files or fragments
    whose base is not found.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            security_opt:
              - no-new-privileges:true
    """
    flagged = []
    for svc in model:
        sev = model.missing(svc, ctx.rule.meta.severity)
        if sev is not None and not any(o.value.replace(" ", "").lower() in SET for o in svc.security_opt):
            flagged.append((svc, sev))
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} does not set no-new-privileges")
