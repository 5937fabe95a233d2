from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Copy, Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR033",
    name="copy-whole-filesystem",
    title="COPY --from copies a stage's whole file system",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("size", "hardening"),
    aliases=("DL3067",),
)
def copy_whole_filesystem(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `COPY --from=build / /` copies the build stage's entire file system, compilers, caches and
    package databases included, which defeats the point of a multi-stage build. Copy the
    artifacts you need. Only stages that ran commands are checked: a stage built `FROM scratch`,
    or one that only names a tool image (`FROM tonistiigi/xx AS xx`), holds just what was put
    into it, and images named directly are left alone.

    ## Example
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=build / /

    ## Use instead
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
    """
    for ins in df.walk():
        flag = ins.flag("from") if isinstance(ins, Copy) else None
        if flag is None or flag.value is None or not isinstance(ins, Copy):
            continue
        source = df.stage_named(flag.value)
        if source is None and flag.value.isdigit() and int(flag.value) < len(df.stages):
            source = df.stages[int(flag.value)]
        if source is None or source.root_base.is_scratch or not any(st.runs for st in source.chain):
            continue
        for src in ins.sources:
            if src.value.strip("\"'") in ("/", "/.", "/*"):
                yield ctx.finding(src, f"copies the whole file system of {flag.value!r}; copy only the artifacts")
