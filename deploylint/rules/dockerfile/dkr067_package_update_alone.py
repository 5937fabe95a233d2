from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs import manager_of, run_installs
from deploylint.registry import Kind, rule

_UPDATE = {
    "apt-get": ("update",),
    "apt": ("update",),
    "apk": ("update",),
    "yum": ("makecache",),
    "dnf": ("makecache",),
    "zypper": ("refresh", "ref"),
}


@rule(
    id="DKR067",
    name="package-update-alone",
    title="Package index update in a RUN without an install",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DS-0017", "CKV_DOCKER_5"),
)
def package_update_alone(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `RUN apt-get update` on its own is cached as a layer: a later `RUN apt-get install` reuses
    the stale index from the cache, and fails once the mirror has dropped those versions.
    Update and install in the same `RUN`.

    ## Example
        FROM debian:12-slim
        RUN apt-get update
        RUN apt-get install -y --no-install-recommends curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl
    """
    for run in (r for st in df.stages for r in st.runs):
        managers = {i.manager for i in run_installs(run)}
        upgrades = {
            m for c in run.effective_commands if (m := manager_of(c)) and _verb(c) in ("upgrade", "dist-upgrade")
        }
        for cmd in run.effective_commands:
            manager = manager_of(cmd)
            if manager in _UPDATE and _verb(cmd) in _UPDATE[manager] and cmd.name is not None:
                if manager not in managers and manager not in upgrades:
                    yield ctx.finding(cmd.name, f"{cmd.command_name} {_verb(cmd)} without an install in the same RUN")


def _verb(cmd: object) -> str:
    sub = getattr(cmd, "subcommand", None)
    return sub.value if sub is not None else ""
