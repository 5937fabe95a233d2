import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Label
from deploylint.registry import Kind, rule

_KEY = re.compile(r"[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")


@rule(
    id="DKR034",
    name="label-key-invalid",
    title="LABEL key does not follow the label key format",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style", "metadata"),
    aliases=("DL3048",),
)
def label_key_invalid(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Docker's label guidelines: keys start with a lower-case letter and are lower-case letters
    and digits separated by single `.` or `-` (reverse-DNS, `org.opencontainers.image.source`;
    `1st.label` and `a..b` break them), and the `com.docker.`, `io.docker.` and
    `org.dockerproject.` namespaces are reserved for Docker itself. Tools that query labels rely
    on this.

    ## Example
        FROM alpine:3.20
        LABEL Maintainer_Name="Jane"

    ## Use instead
        FROM alpine:3.20
        LABEL org.opencontainers.image.authors="Jane"

    ## Differences from hadolint
    A key that holds a variable (`LABEL app.$NAME=x`) passes: BuildKit expands it at build
    time, so its final form is not known; DL3048 reports the `$`.
    """
    for ins in df.walk():
        if not isinstance(ins, Label):
            continue
        for pair in ins.pairs:
            key = pair.name.strip("\"'")
            if "$" in key:
                continue
            if key.startswith(_RESERVED):
                yield ctx.finding(pair.key, f"label key {key!r} uses a namespace reserved for Docker")
            elif not _KEY.fullmatch(key):
                yield ctx.finding(
                    pair.key,
                    f"label key {key!r} is not lower-case alphanumerics joined by . or -, starting with a letter",
                )
