from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile, Sited
from deploylint.registry import Kind, rule


@rule(
    id="CMP026",
    name="duplicate-container-name",
    title="Two services share a container name",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("no-duplicate-container-names",),
)
def duplicate_container_name(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Container names are unique on a Docker host: the second service with the same
    `container_name` fails to start ("Conflict. The container name is already in use").

    ## Example
        services:
          web:
            image: nginx:1.27
            container_name: app
          db:
            image: postgres:16.4
            container_name: app

    ## Use instead
        services:
          web:
            image: nginx:1.27
            container_name: app-web
          db:
            image: postgres:16.4
            container_name: app-db
    """
    seen: dict[str, tuple[str, Sited[str]]] = {}
    for svc in model:
        name = svc.scalar("container_name")
        if name is None or name.interpolated:
            continue
        first = seen.get(name.value)
        if first is None:
            seen[name.value] = (svc.name.value, name)
            continue
        msg = f"container name {name.value!r} of service {svc.name.value!r} is already used by {first[0]!r}"
        yield ctx.finding(name, msg, source=name.file, related=(ctx.location(first[1], source=first[1].file),))
