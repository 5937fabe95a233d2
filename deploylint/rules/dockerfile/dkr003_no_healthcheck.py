from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR003",
    name="missing-healthcheck",
    title="Final stage has no HEALTHCHECK",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("hardening", "operations"),
    aliases=("DL3057", "DS-0026", "CKV_DOCKER_2"),
    needs_project=True,
)
def missing_healthcheck(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without a HEALTHCHECK, Docker and Compose only know whether the process is alive, not whether
    it answers: a hung server stays "running" and `depends_on: condition: service_healthy` cannot
    wait for it. Only the final stage matters (a HEALTHCHECK inherited through `FROM <stage>`
    counts); `HEALTHCHECK NONE` is an explicit choice and passes. Orchestrators with their own
    probes (Kubernetes) ignore it, so this is hardening advice, and development or test images
    (`Dockerfile.dev`, `test/Dockerfile`, a final stage named `dev` or `test`) get none of it.

    ## Example
        FROM nginx:1.27-alpine
        COPY site/ /usr/share/nginx/html/

    ## Use instead
        FROM nginx:1.27-alpine
        COPY site/ /usr/share/nginx/html/
        HEALTHCHECK --interval=30s CMD wget -qO- http://127.0.0.1/ || exit 1

    ## Differences from hadolint
    DL3057 (off by default) checks every stage, so builder stages fire too. A Dockerfile that every
    compose service building it gives a `healthcheck:` is fine: compose's check wins at run time.
    """
    final = df.final_stage
    if final is None or df.is_development_image or (final.base.is_scratch and not final.instructions):
        return
    if final.healthcheck is None and not _compose_checks_health(df, ctx):
        yield ctx.finding(final.from_, "final stage has no HEALTHCHECK, so a hung service still looks healthy")


def _compose_checks_health(df: Dockerfile, ctx: Context) -> bool:
    """Every compose service that builds this Dockerfile defines its own healthcheck."""
    project = ctx.project
    if project is None or not project.compose_nearby(df.source.path):
        return False
    builds = project.overrides_for(df, "healthcheck")
    return bool(builds) and all(
        sb.service.service.healthcheck is not None and not sb.service.service.healthcheck.disabled
        for sb in builds or ()
    )
