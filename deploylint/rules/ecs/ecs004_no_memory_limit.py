from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile
from deploylint.registry import Kind, rule


@rule(
    id="ECS004",
    name="ecs-no-memory-limit",
    title="No memory limit for the task or container",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("resources", "breakage"),
)
def no_memory_limit(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    ECS needs to know how much memory a task takes to place it: a Fargate task needs task-level
    `memory` (and `cpu`), and on EC2 every container needs `memory` or `memoryReservation` unless
    the task sets `memory`. Without it the registration is refused, or (when another tool fills a
    default) one leaking container can take the whole instance down.

    ## Example
        {
          "family": "api",
          "requiresCompatibilities": ["FARGATE"],
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2"}]
        }

    ## Use instead
        {
          "family": "api",
          "requiresCompatibilities": ["FARGATE"],
          "cpu": "256",
          "memory": "512",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2"}]
        }
    """
    if ecs.task is None or ecs.task_value("memory") is not None:
        return
    if ecs.fargate:
        p = ecs.task.pair("requiresCompatibilities")
        at = p.key.span if p is not None else ecs.task.span
        yield ctx.finding(at, "a Fargate task definition needs a task-level 'memory'")
        return
    for c in ecs.containers:
        if c.get("memory") is None and c.get("memoryReservation") is None:
            yield ctx.finding(c.anchor, f"container {c.name!r} has no 'memory' or 'memoryReservation' (nor the task)")
