from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP011",
    name="default-network-only",
    title="Service sits on the implicit default network",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("network",),
)
def default_network_only(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Every service on the implicit `default` network can reach every other one. Named networks
    (a `frontend` the proxy and the app share, a `backend` only the app and the database share)
    limit what a compromised service can talk to. Files with a single service are not judged.
    Production only.

    ## Example
        services:
          web:
            image: nginx:1.27
          db:
            image: postgres:16.4
            networks: [backend]
        networks:
          backend:

    ## Use instead
        services:
          web:
            image: nginx:1.27
            networks: [backend]
          db:
            image: postgres:16.4
            networks: [backend]
        networks:
          backend:
    """
    if not model.production or len(model.services) < 2:
        return
    for svc in model:
        if not svc.networks and svc.network_mode is None:
            yield ctx.finding(svc.name, f"service {svc.name.value!r} uses only the default network", source=svc.file)
