from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.compose import ComposeFile, Service, has_interpolation
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
    Services in disjoint `profiles:` (a `dev` and a `prod` variant of one container) are
    alternatives, not a clash; a service without profiles always runs, so it clashes with any.

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
    seen: dict[str, list[tuple[Service, Located[str]]]] = {}
    for svc in model:
        name = svc.scalar("container_name")
        if name is None or has_interpolation(name.value):
            continue
        clash = next((f for f in seen.get(name.value, []) if _together(f[0], svc)), None)
        seen.setdefault(name.value, []).append((svc, name))
        if clash is None:
            continue
        first, at = clash
        msg = f"container name {name.value!r} of service {svc.name.value!r} is already used by {first.name.value!r}"
        yield ctx.finding(name, msg, related=(ctx.location(at),))


def _together(a: Service, b: Service) -> bool:
    """Both can run at once: one has no profile (always on), or their profiles overlap. Services in
    disjoint profiles (``dev`` and ``prod`` variants of one container) are alternatives."""
    pa = {p.value for p in a.profiles}
    pb = {p.value for p in b.profiles}
    return not pa or not pb or bool(pa & pb)
