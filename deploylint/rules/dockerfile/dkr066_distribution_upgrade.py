from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

_UPGRADES = {
    "apt-get": ("dist-upgrade", "full-upgrade"),
    "apt": ("dist-upgrade", "full-upgrade"),
    "zypper": ("dist-upgrade", "dup"),
}


@rule(
    id="DKR066",
    name="distribution-upgrade",
    title="RUN upgrades the whole distribution",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3035", "DS-0024"),
)
def distribution_upgrade(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `apt-get dist-upgrade` and `zypper dist-upgrade` may remove packages and move the image to
    a newer distribution release than its tag says, behind the base image's back. Use a newer
    base image instead. A plain `apt-get upgrade` (security fixes within the release) passes.

    ## Example
        FROM debian:12-slim
        RUN apt-get update && apt-get dist-upgrade -y

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get upgrade -y

    ## Differences from hadolint
    hadolint retired its `apt-get upgrade` rule (DL3005) and only flags `zypper dist-upgrade`
    (DL3035); trivy's DS-0024 flags `apt-get dist-upgrade`. Both are covered here.
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            verbs = _UPGRADES.get(cmd.command_name or "")
            sub = cmd.subcommand if verbs else None
            if sub is not None and sub.value in (verbs or ()):
                yield ctx.finding(sub, f"{cmd.command_name} {sub.value} can move the image to another release")
