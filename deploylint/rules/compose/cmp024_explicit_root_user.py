from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP024",
    name="explicit-root-user",
    title="Service is set to run as root",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security",),
    aliases=("CL-0018",),
    security_severity=5.0,
)
def explicit_root_user(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `user: root` (or `0`, `root:root`, `0:0`) overrides an image that was built to run as an
    unprivileged user, so any code execution in the service is root in the container, one kernel
    bug or mount mistake away from the host. Production advice: a warning when the file is known to
    run in production (see `profiles` in the configuration), information when nothing tells,
    nothing in development files.

    ## Example
        services:
          app:
            image: example/app:1.0.0
            user: root

    ## Use instead
        services:
          app:
            image: example/app:1.0.0
            user: "10001:10001"
    """
    for svc in model:
        u = svc.user
        sev = model.advice(u, ctx.rule.meta.severity) if u is not None else None
        if u is not None and u.value.strip().split(":", 1)[0] in ("root", "0") and sev is not None:
            yield ctx.finding(u, f"service {svc.name.value!r} runs as root", severity=sev)
