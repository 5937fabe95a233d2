from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile
from deploylint.registry import Kind, rule


@rule(
    id="ECS003",
    name="ecs-no-log-configuration",
    title="Container has no logConfiguration, so its logs are lost",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("logging", "operations"),
)
def no_log_configuration(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A container without `logConfiguration` writes its stdout and stderr nowhere you can read: on
    Fargate they are discarded, and on EC2 they stay in the instance's Docker log until it is
    replaced. When a deploy fails the task is stopped and the one message that says why is gone.
    Send the logs somewhere (`awslogs` to CloudWatch, `awsfirelens`, `splunk`...).

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
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/api",
              "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api"}}
          }]
        }
    """
    if not ecs.production:
        return
    for c in ecs.containers:
        if c.get("logConfiguration") is None:
            yield ctx.finding(c.anchor, f"container {c.name!r} has no logConfiguration; its output is lost")
