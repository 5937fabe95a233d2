from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile
from deploylint.registry import Kind, rule

_ROOT = ("root", "0")


@rule(
    id="ECS007",
    name="ecs-container-runs-as-root",
    title="Container runs as root",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("security", "cross-file"),
    security_severity=6.0,
    needs_project=True,
)
def runs_as_root(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A process that breaks out of a root container is root on the instance, with the task role's
    credentials in reach. Reported when the container's `user` is `root` or `0`, or when `user` is
    unset and the Dockerfile that builds the image (linked through the workflow that builds and
    renders it) sets no non-root USER. An image whose Dockerfile the project does not show is not
    judged. Development-profile files are not judged.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2", "user": "root"}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "api:1.4.2", "user": "10001"}]
        }
    """
    if not ecs.production:
        return
    for c in ecs.containers:
        user = c.user
        if user is not None:
            if user.value.split(":", 1)[0] in _ROOT:
                yield ctx.finding(user, f"container {c.name!r} runs as {user.value!r}")
            continue
        src = ctx.project.image_source(ecs, c) if ctx.project is not None else None
        final = src.final if src is not None else None
        if src is None or final is None or not final.effective_user.is_root:
            continue
        note = f"sets no non-root USER ({src.how})"
        related = (ctx.location(final.span, note=note),)
        msg = f"container {c.name!r} sets no 'user' and its image's Dockerfile runs as root"
        yield ctx.finding(c.anchor, msg, related=related)
