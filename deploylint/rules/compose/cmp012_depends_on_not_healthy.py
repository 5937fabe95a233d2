from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.compose import ComposeFile, Service
from deploylint.models.tree import YScalar, YSeq
from deploylint.registry import Kind, rule
from deploylint.yaml_edit import block_layout, content_end


@rule(
    id="CMP012",
    name="depends-on-without-healthy",
    title="Dependency has a healthcheck that `depends_on` does not wait for",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability",),
    fixable=True,
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

    ## Fix safety
    Unsafe: a short-form list (`depends_on: [db]` or `- db` items) becomes the long form, in
    block style at the service's indentation: `condition: service_healthy` for each dependency
    with a healthcheck and `condition: service_started` (what the short form meant) for the
    others. `docker compose up` then waits until the dependency reports healthy, and fails
    when it turns unhealthy instead of starting the service anyway. A long-form entry without a
    condition, a list with comments, anchors or entries from another file is not fixed.
    """
    for svc in model:
        fix: Fix | None = None
        tried = False
        for dep in svc.depends_on:
            target = model.service(dep.name.value)
            if target is None or not target.healthy_when_up:
                continue
            if dep.condition is None:
                msg = f"service {svc.name.value!r} starts before {dep.name.value!r} is healthy"
                if not tried:
                    fix, tried = _long_form(model, svc), True
                yield ctx.finding(dep.name, msg, fix=fix)


def _long_form(model: ComposeFile, svc: Service) -> Fix | None:
    """The whole short-form list rewritten as a mapping of conditions (None when it cannot be)."""
    src = svc.file
    pair = svc.node.pair("depends_on")
    key = svc.keys.get("depends_on")
    if pair is None or pair.merged or key is None or key.file is not src or not isinstance(pair.value, YSeq):
        return None
    items = pair.value.items
    if not items or len(items) != len(svc.depends_on) or any(d.file is not src for d in svc.depends_on):
        return None
    names = [i.value for i in items if isinstance(i, YScalar) and i.plain and not i.anchor and i.value]
    if len(names) != len(items):
        return None
    layout = block_layout(src, svc.node, svc.name.span.start_col)
    start, end = pair.key.span.end_offset, content_end(src, pair.value)
    if layout is None or "#" in src.text[start:end] or src.text[start:end].lstrip()[:1] != ":":
        return None
    indent, step = layout
    nl = src.newline(pair.key.span.start_line)
    lines = [":"]
    for name in names:
        target = model.service(name)
        cond = "service_healthy" if target is not None and target.healthy_when_up else "service_started"
        lines += [f"{indent}{step}{name}:", f"{indent}{step * 2}condition: {cond}"]
    return Fix("wait for the healthcheck", (Edit(src.span(start, end), nl.join(lines)),), Applicability.UNSAFE)
