from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import replace_word

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
    severity=Severity.INFO,
    tags=("reliability",),
    aliases=("DL3035", "DL3005", "DS-0024"),
    fixable=True,
)
def distribution_upgrade(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `apt-get dist-upgrade` (`full-upgrade`) and `zypper dist-upgrade` upgrade every package even
    when that means installing new packages or removing installed ones to satisfy changed
    dependencies: the image drifts from what its base image tag promises, in ways a rebuild on
    another day does differently. They do not move the image to another release (the sources
    list decides that), but the changes they make belong in a newer base image. A plain `apt-get
    upgrade` (which never removes packages) passes. Within one release such changes are rare
    (a security fix that needs a new dependency), and upgrading for security fixes is what
    Docker's own guidance asks for: `info`.

    ## Example
        FROM debian:12-slim
        RUN apt-get update && apt-get dist-upgrade -y

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get upgrade -y

    ## Fix safety
    Unsafe: apt-get's and apt's `dist-upgrade`/`full-upgrade` become `upgrade`, which upgrades
    what it can without installing or removing packages; a package whose new version needs a
    new dependency is held back, so a security fix that needs one is no longer installed.
    zypper's `dist-upgrade` is not fixed (`zypper update` follows other rules about vendors
    and patterns).

    ## Differences from hadolint
    hadolint deleted DL3005 (`apt-get dist-upgrade`) and only flags `zypper dist-upgrade` (DL3035);
    trivy's DS-0024 flags `apt-get dist-upgrade`. Both are covered here, and a `# hadolint
    ignore=DL3005` that users still carry is honoured for this rule.
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            verbs = _UPGRADES.get(cmd.command_name or "")
            sub = cmd.subcommand if verbs else None
            if sub is not None and sub.value in (verbs or ()):
                edit = replace_word(sub, "upgrade") if cmd.command_name in ("apt-get", "apt") else None
                fix = Fix("use upgrade", (edit,), Applicability.UNSAFE) if edit is not None else None
                yield ctx.finding(
                    sub,
                    f"{cmd.command_name} {sub.value} may install or remove packages to satisfy changed dependencies; use a newer base image",
                    fix=fix,
                )
