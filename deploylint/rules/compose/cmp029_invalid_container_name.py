import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile, has_interpolation
from deploylint.registry import Kind, rule

VALID = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


@rule(
    id="CMP029",
    name="invalid-container-name",
    title="Container name is not one Docker accepts",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("service-container-name-regex",),
)
def invalid_container_name(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Docker accepts container names of letters, digits, `_`, `.` and `-`, starting with a letter
    or a digit, at least two characters long; anything else fails when the container is created
    ("Invalid container name"). Names built from variables are not judged.

    ## Example
        services:
          web:
            image: nginx:1.27
            container_name: "my app@1"

    ## Use instead
        services:
          web:
            image: nginx:1.27
            container_name: my-app-1
    """
    for svc in model:
        name = svc.scalar("container_name")
        if name is not None and not has_interpolation(name.value) and not VALID.match(name.value):
            yield ctx.finding(name, f"container name {name.value!r} is not valid for Docker")
