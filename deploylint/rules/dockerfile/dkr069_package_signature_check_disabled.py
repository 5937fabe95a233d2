from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

_FLAGS = {
    "apk": ("--allow-untrusted",),
    "apt-get": ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"),
    "apt": ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"),
    "yum": ("--nogpgcheck",),
    "dnf": ("--nogpgcheck", "--no-gpgchecks"),
    "dnf5": ("--nogpgcheck", "--no-gpgchecks"),
    "tdnf": ("--nogpgcheck",),
    "microdnf": ("--nogpgcheck",),
    "rpm": ("--nosignature", "--nodigest", "--noverify", "--nofiledigest"),
    "zypper": ("--no-gpg-checks",),
}
_OPTS = ("apt::get::allowunauthenticated=true", "--setopt=gpgcheck=0", "--setopt=gpgcheck=false")


@rule(
    id="DKR069",
    name="package-signature-check-disabled",
    title="Package signature checks switched off",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    aliases=("CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11"),
    security_severity=7.5,
)
def package_signature_check_disabled(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Package managers check each package's signature against the distribution's keys; turning
    that off (`apk --allow-untrusted`, `apt-get --allow-unauthenticated`/`--force-yes`,
    `yum/dnf --nogpgcheck`, `rpm --nosignature`, `zypper --no-gpg-checks`) installs whatever a
    mirror or proxy serves. Import the vendor's key instead.

    ## Example
        FROM alpine:3.20
        RUN apk add --allow-untrusted /tmp/tool.apk

    ## Use instead
        FROM alpine:3.20
        COPY tool.rsa.pub /etc/apk/keys/
        RUN apk add /tmp/tool.apk
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            flags = _FLAGS.get(cmd.command_name or "")
            if not flags or cmd.name is None:
                continue
            hit = next((a for a in cmd.args if a.value in flags or a.value.lower().replace(" ", "") in _OPTS), None)
            if hit is None and any(a.value.lower().endswith(_OPTS[0]) for a in cmd.args):
                hit = cmd.name
            if hit is not None:
                yield ctx.finding(hit, f"{cmd.command_name} installs packages without checking their signatures")
