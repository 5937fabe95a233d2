from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Stage
from deploylint.models.ecs import Container, EcsFile
from deploylint.models.ports import exposed_ports
from deploylint.models.project import ImageSource
from deploylint.registry import Kind, rule


@rule(
    id="ECS011",
    name="ecs-container-image-mismatch",
    title="Port mapping or healthCheck that the image does not support",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("cross-file", "health", "breakage"),
    needs_project=True,
)
def image_mismatch(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `containerPort` the image does not listen on gets no traffic: the target group marks every
    task unhealthy and the deploy never finishes. A `healthCheck` that runs `curl` in an image
    without curl (alpine, slim, distroless), or `CMD-SHELL` in an image without a shell, fails
    every time, so ECS replaces healthy tasks forever. Ports are compared with the EXPOSE of the
    Dockerfile that builds the image (when it exposes any); tools with the base-image table and
    the packages the Dockerfile installs.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "node:20-alpine",
            "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:3000/health || exit 1"]}}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "node:20-alpine",
            "healthCheck": {"command": ["CMD-SHELL", "wget -q --spider http://localhost:3000/health || exit 1"]}}]
        }
    """
    for c in ecs.containers:
        programs = c.health_programs(ecs.source)
        if not programs and not c.ports:
            continue
        src = ctx.project.image_source(ecs, c) if ctx.project is not None else None
        final = src.final if src is not None else None
        if src is not None and final is not None:
            yield from _ports(ctx, c, src, final)
        base = final.root_base if final is not None else c.image
        tools = base.tools if base is not None else None
        if tools is None or base is None:
            continue
        image = base.resolved or base.raw.value
        if c.health_shell and tools.shell is False:
            yield ctx.finding(
                c.health_command[0], f"container {c.name!r}: CMD-SHELL needs /bin/sh, which {image} lacks"
            )
            continue
        for prog in programs:
            if tools.has(prog.value) is False and (final is None or not final.installs(prog.value)):
                yield ctx.finding(prog, f"container {c.name!r}: healthCheck runs {prog.value}, which {image} lacks")


def _ports(ctx: Context, c: Container, src: ImageSource, final: Stage) -> Iterator[Finding]:
    ports = {p.port for p in exposed_ports(src.dockerfile.model, final)}
    for port, node in c.ports:
        if ports and port not in ports:
            related = (ctx.location(final.span, note=f"exposes {sorted(ports)}"),)
            msg = f"container {c.name!r} maps port {port}, which its image does not expose"
            yield ctx.finding(node, msg, related=related)
