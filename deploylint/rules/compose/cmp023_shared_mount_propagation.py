from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP023",
    name="shared-mount-propagation",
    title="Bind mount propagates mounts back to the host",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("security", "isolation"),
    aliases=("CL-0017",),
    security_severity=3.5,
)
def shared_mount_propagation(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `shared` or `rshared` propagation, a mount made inside the container appears on the
    host (and in other containers). Only storage drivers and similar system tools need that;
    the default `rprivate` keeps the container's mounts its own.

    ## Example
        services:
          app:
            image: example/app:1.0.0
            volumes:
              - /mnt/data:/data:rshared

    ## Use instead
        services:
          app:
            image: example/app:1.0.0
            volumes:
              - /mnt/data:/data
    """
    for svc in model:
        for m in svc.volumes:
            if m.is_bind and m.propagation in ("shared", "rshared"):
                msg = f"service {svc.name.value!r} mounts {m.source} with {m.propagation} propagation"
                yield ctx.finding(m, msg)
