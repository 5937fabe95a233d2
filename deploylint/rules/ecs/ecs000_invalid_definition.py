from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="ECS000",
    name="invalid-ecs-definition",
    title="ECS task or service definition is not valid JSON",
    kind=Kind.ECS,
    severity=Severity.ERROR,
    tags=("syntax",),
)
def invalid_definition(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    `aws ecs register-task-definition --cli-input-json`, `create-service` and the
    `amazon-ecs-render-task-definition` action read the file as strict JSON: a comment, a trailing
    comma, a single-quoted string or a duplicate key (the last one silently wins elsewhere) makes
    the deploy fail or run something other than what the file seems to say. The error is reported
    where it is, and nesting or size beyond sane bounds is refused without reading further.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.0",}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.0"}]
        }
    """
    return engine_reported(model, ctx)
