from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile, bool_of
from deploylint.registry import Kind, rule


@rule(
    id="ECS008",
    name="ecs-writable-root-filesystem",
    title="Container root filesystem is writable",
    kind=Kind.ECS,
    severity=Severity.INFO,
    tags=("security", "hardening"),
    security_severity=3.0,
)
def writable_root_filesystem(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `readonlyRootFilesystem: true` an intruder cannot drop tools or change the app's files,
    and a bug that writes where it should not fails loudly. Mount a volume (or a bind mount on
    Fargate) for the paths the app writes. Hardening advice (info; the `strict` preset raises it),
    for production files only.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2"}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2", "readonlyRootFilesystem": true}]
        }
    """
    if not ecs.production:
        return
    for c in ecs.containers:
        node = c.get("readonlyRootFilesystem")
        if bool_of(node) is not True:
            yield ctx.finding(node or c.anchor, f"container {c.name!r} does not set readonlyRootFilesystem to true")
