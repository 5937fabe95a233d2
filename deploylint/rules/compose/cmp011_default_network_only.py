from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.rules.compose._shared import per_definition


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
    Information, and nothing in development files or fragments whose base is not found.

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
    if len(model.services) < 2:
        return
    flagged = []
    for svc in model:
        sev = model.missing(svc, ctx.rule.meta.severity)
        if not svc.networks and svc.network_mode is None and sev is not None:
            flagged.append((svc, sev))
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} uses only the default network")
