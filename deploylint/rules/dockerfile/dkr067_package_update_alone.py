from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs import family, manager_of, run_installs
from deploylint.registry import Kind, rule

_UPDATE = {
    "apt-get": ("update",),
    "apt": ("update",),
    "apk": ("update",),
    "yum": ("makecache",),
    "dnf": ("makecache",),
    "zypper": ("refresh", "ref"),
}
#: verbs besides install that read the fresh index
_USES_INDEX = frozenset({"upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "reinstall"})


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
    Update and install in the same `RUN`. Front ends of one package database count as one:
    `apt update && apt-get install` updates and installs (so do `yum` and `dnf`), and an upgrade,
    `build-dep` or `source` uses the index too. A RUN that goes on to run a script the linter
    cannot read (`apt-get update && bash /tmp/setup-debian.sh`) passes: the script may install.

    ## Example
        FROM debian:12-slim
        RUN apt-get update
        RUN apt-get install -y --no-install-recommends curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl
    """
    for run in (r for st in df.stages for r in st.runs):
        if run.unseen_script is not None:
            continue  # the script it runs may install with the fresh index
        users = {family(i.manager) for i in run_installs(run)} | {
            family(m) for c in run.effective_commands if (m := manager_of(c)) and _verb(c) in _USES_INDEX
        }
        for cmd in run.effective_commands:
            manager = manager_of(cmd)
            if manager in _UPDATE and _verb(cmd) in _UPDATE[manager] and family(manager) not in users:
                yield ctx.finding(cmd.invocation, f"{cmd.command_name} {_verb(cmd)} without an install in the same RUN")


def _verb(cmd: object) -> str:
    sub = getattr(cmd, "subcommand", None)
    return sub.value if sub is not None else ""
