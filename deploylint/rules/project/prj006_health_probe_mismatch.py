import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.project import DockerfileRef, Project
from deploylint.registry import Kind, rule

_URL = re.compile(r"https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(?P<port>\d+))?(?P<path>/[^\s'\"|;&]*)?")


def probe(words: tuple[str, ...] | list[str]) -> tuple[int, str] | None:
    """(port, path) of the first local URL a health command requests."""
    for w in words:
        m = _URL.search(w)
        if m:
            return int(m.group("port") or 80), (m.group("path") or "/").split("?", 1)[0]
    return None


@rule(
    id="PRJ006",
    name="health-probe-mismatch",
    title="Compose and Dockerfile health checks probe different ports or paths",
    kind=Kind.PROJECT,
    severity=Severity.WARNING,
    tags=("cross-file", "compose", "dockerfile", "health"),
)
def health_probe_mismatch(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    When the compose service's `healthcheck` probes `http://localhost:8080/health` but the
    Dockerfile it builds checks `http://localhost:3000/healthz`, at most one of them can be
    right: the other marks a healthy container unhealthy (restart loops, traffic withheld) or a
    broken one healthy. The compose value wins at run time, so the Dockerfile one is usually the
    stale one, but either way they should agree.

    ## Example
        (compose.yaml: `test: ["CMD", "curl", "-f", "http://localhost:8080/health"]`, and the
        Dockerfile it builds: `HEALTHCHECK CMD curl -f http://localhost:3000/healthz`)

    ## Use instead
        (the same port and path in both, or the check in one place only)
    """
    for sb in project.service_builds:
        hc = sb.service.service.healthcheck
        if hc is None or hc.disabled or not isinstance(sb.dockerfile, DockerfileRef):
            continue
        final = sb.dockerfile.model.final_stage
        if final is None or final.healthcheck is None or final.healthcheck.is_none:
            continue
        mine = probe(list(hc.test))
        theirs = probe([w.value for w in final.healthcheck.words])
        if mine is None or theirs is None or mine == theirs:
            continue
        related = (ctx.location(final.healthcheck.span, note=f"probes :{theirs[0]}{theirs[1]}"),)
        msg = (
            f"service {sb.service.name!r} probes :{mine[0]}{mine[1]} while its Dockerfile's HEALTHCHECK "
            f"probes :{theirs[0]}{theirs[1]}"
        )
        yield ctx.finding(hc.span, msg, related=related)
