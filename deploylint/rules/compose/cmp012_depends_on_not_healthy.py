from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP012",
    name="depends-on-without-healthy",
    title="Dependency has a healthcheck that `depends_on` does not wait for",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability",),
)
def depends_on_not_healthy(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `depends_on: [db]` only waits for the database container to start, not to accept
    connections; the dependent service then fails or crash-loops on its first connection. When
    the dependency declares a healthcheck (in the Compose file or in its own Dockerfile), wait for
    it with `condition: service_healthy`. An explicit `condition:` (`service_started`,
    `service_completed_successfully`) is a choice and passes: a service that retries its own
    connections may start before its dependency is ready on purpose.

    ## Example
        services:
          api:
            image: example/api:1.4.2
            depends_on:
              - db
          db:
            image: postgres:16.4
            healthcheck:
              test: ["CMD", "pg_isready"]

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            depends_on:
              db:
                condition: service_healthy
          db:
            image: postgres:16.4
            healthcheck:
              test: ["CMD", "pg_isready"]
    """
    for svc in model:
        for dep in svc.depends_on:
            target = model.service(dep.name.value)
            if target is None or not target.healthy_when_up:
                continue
            if dep.condition is None:
                msg = f"service {svc.name.value!r} starts before {dep.name.value!r} is healthy"
                yield ctx.finding(dep.name, msg, source=dep.file)
