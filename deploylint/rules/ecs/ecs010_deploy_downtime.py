from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile, number_of, seq_of
from deploylint.registry import Kind, rule


@rule(
    id="ECS010",
    name="ecs-service-deploy-downtime",
    title="Service settings that take it down during a deploy",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("deploy", "reliability"),
)
def deploy_downtime(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `minimumHealthyPercent: 0` with one desired task lets ECS stop the only running task before its
    replacement is healthy: every deploy is an outage (warning). And a load-balanced service
    without `healthCheckGracePeriodSeconds` has its new tasks judged by the target group from
    their first second: an app that takes longer to start than the health check allows is killed
    and replaced in a loop (info: it depends on how fast the app starts).

    ## Example
        {
          "serviceName": "api",
          "taskDefinition": "api",
          "desiredCount": 1,
          "deploymentConfiguration": {"minimumHealthyPercent": 0, "maximumPercent": 100}
        }

    ## Use instead
        {
          "serviceName": "api",
          "taskDefinition": "api",
          "desiredCount": 1,
          "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200}
        }
    """
    if not ecs.is_service:
        return
    low = ecs.service_value("deploymentConfiguration", "minimumHealthyPercent")
    if number_of(low) == 0 and number_of(ecs.service_value("desiredCount")) == 1 and low is not None:
        yield ctx.finding(low, "minimumHealthyPercent 0 with one task stops it before its replacement is up")
    lbs = seq_of(ecs.service_value("loadBalancers"))
    if lbs is not None and lbs.items and ecs.service_value("healthCheckGracePeriodSeconds") is None:
        msg = "a load-balanced service without healthCheckGracePeriodSeconds: slow starts are killed"
        yield ctx.finding(lbs, msg, severity=Severity.INFO)
