from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile
from deploylint.registry import Kind, rule


@rule(
    id="ECS002",
    name="ecs-essential-container-no-health-check",
    title="Essential container has no healthCheck",
    kind=Kind.ECS,
    severity=Severity.INFO,
    tags=("health", "operations"),
)
def no_health_check(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without a container `healthCheck`, ECS counts a container as healthy as soon as its process is
    running: a server that is up but wedged (deadlocked, out of connections) keeps its place, and a
    service without a load balancer has no other signal at all. With a load balancer its target
    group check covers traffic, which is why this is advice (info). Only essential containers
    (the default) in production files are reported.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2"}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{
            "name": "api",
            "image": "api:1.4.2",
            "healthCheck": {"command": ["CMD-SHELL", "wget -q --spider http://localhost:3000/health || exit 1"]}
          }]
        }
    """
    if not ecs.production:
        return
    for c in ecs.containers:
        if c.essential and c.get("healthCheck") is None:
            yield ctx.finding(c.anchor, f"essential container {c.name!r} has no healthCheck")
