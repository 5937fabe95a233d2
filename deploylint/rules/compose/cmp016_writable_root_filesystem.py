from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP016",
    name="writable-root-filesystem",
    title="Container root filesystem is writable",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("hardening", "security"),
    aliases=("CL-0007",),
    security_severity=2.5,
)
def writable_root_filesystem(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `read_only: true` an attacker cannot drop tools or modify the application inside the
    container, and accidental writes outside volumes fail loudly instead of vanishing on the next
    recreate. Give writable paths a `tmpfs` or a volume. Hardening advice: information (a warning
    under the `strict` preset), nothing in development files or fragments whose base is not found.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            read_only: true
            tmpfs:
              - /tmp
    """
    for svc in model:
        ro = svc.read_only
        if ro is not None and ro.value:
            continue
        at = ro if ro is not None else svc.name
        sev = model.advice(at, ctx.rule.meta.severity) if ro is not None else model.missing(svc, ctx.rule.meta.severity)
        if sev is not None:
            yield ctx.finding(at, f"service {svc.name.value!r} has a writable root filesystem", severity=sev)
