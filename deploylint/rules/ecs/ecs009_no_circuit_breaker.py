from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile, bool_of, map_of, text_of
from deploylint.registry import Kind, rule


@rule(
    id="ECS009",
    name="ecs-service-no-circuit-breaker",
    title="Service deploys without the circuit breaker and rollback",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("deploy", "reliability"),
)
def no_circuit_breaker(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `deploymentCircuitBreaker: {"enable": true, "rollback": true}` a rolling deploy whose
    new tasks never become healthy keeps trying for hours: the old tasks are drained, the new ones
    crash-loop, and the service stays broken until someone notices. With it, ECS stops the deploy
    and returns to the last working revision. Services with a CODE_DEPLOY or EXTERNAL deployment
    controller are not judged (they roll back elsewhere).

    ## Example
        {
          "serviceName": "api",
          "taskDefinition": "api",
          "desiredCount": 2
        }

    ## Use instead
        {
          "serviceName": "api",
          "taskDefinition": "api",
          "desiredCount": 2,
          "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}
        }
    """
    if not ecs.is_service:
        return
    kind = text_of(ecs.service_value("deploymentController", "type"))
    if kind is not None and kind.value != "ECS":
        return
    written = ecs.service_value("deploymentConfiguration", "deploymentCircuitBreaker")
    breaker = map_of(written)
    if breaker is None:
        yield ctx.finding(written or ecs.service_anchor, "the service has no deployment circuit breaker with rollback")
        return
    for key in ("enable", "rollback"):
        node = breaker.get(key)
        if bool_of(node) is not True:
            what = "is off" if key == "enable" else "does not roll back"
            yield ctx.finding(node or breaker, f"the deployment circuit breaker {what}; set '{key}' to true")
            return
