from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile
from deploylint.models.secrets import secret_kind
from deploylint.registry import Kind, rule


@rule(
    id="ECS005",
    name="ecs-literal-secret-in-environment",
    title="Secret written into a container's environment",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=7.5,
)
def literal_secret(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `environment` values are stored in the task definition in plain text: anyone who can describe
    task definitions (or read this repository) reads the password, and every revision keeps it.
    Put it in SSM Parameter Store or Secrets Manager and reference it under `secrets` with
    `valueFrom`; ECS injects it at start. A secret-like name (`*_PASSWORD`, `*_TOKEN`, `API_KEY`...)
    with a literal value is reported in production files, and a known token format (AWS, GitHub,
    Slack, Stripe keys...) in any value, at error. The message never shows the value.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2",
            "environment": [{"name": "DB_PASSWORD", "value": "s3cr3t-pa55"}]}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2",
            "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/api/db"}]}]
        }
    """
    for c in ecs.containers:
        for var in c.environment:
            if var.value is None:
                continue
            kind = secret_kind(var.name.value, var.value.value)
            if kind is None or (kind == "name" and not ecs.production):
                continue
            where = f"{var.name.value} in container {c.name!r}"
            if kind == "name":
                yield ctx.finding(var.value, f"{where} is set to a literal secret (value masked); use 'secrets'")
            else:
                msg = f"{where} holds a {kind} (value masked); use 'secrets' with 'valueFrom'"
                yield ctx.finding(var.value, msg, severity=Severity.ERROR)
