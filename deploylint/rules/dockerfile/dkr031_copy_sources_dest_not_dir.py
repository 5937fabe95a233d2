from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR031",
    name="copy-sources-dest-not-dir",
    title="COPY of several sources to a destination without a trailing slash",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("syntax",),
    aliases=("DL3021", "DS-0011"),
)
def copy_sources_dest_not_dir(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    With more than one source, the destination of `COPY`/`ADD` must be a directory written with
    a trailing `/`; otherwise the build fails. Heredoc sources count as sources; flags such as
    `--link`, `--chown` or `--exclude` do not.

    ## Example
        FROM alpine:3.20
        COPY package.json package-lock.json /app

    ## Use instead
        FROM alpine:3.20
        COPY package.json package-lock.json /app/
    """
    for ins in df.walk():
        if not isinstance(ins, (Copy, Add)) or ins.dest is None or len(ins.sources) < 2:
            continue
        dest = ins.dest.value.strip("\"'")
        if not dest.endswith(("/", "\\")) and "$" not in dest and dest not in (".", ".."):
            msg = f"{ins.keyword.value} of {len(ins.sources)} sources needs a directory destination: write {dest}/"
            yield ctx.finding(ins.dest, msg)
