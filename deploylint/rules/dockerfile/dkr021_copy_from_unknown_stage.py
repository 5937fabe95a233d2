from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Copy, Dockerfile
from deploylint.registry import Kind, rule
from deploylint.suggest import closest


@rule(
    id="DKR021",
    name="copy-from-unknown-stage",
    title="COPY --from names no stage",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3022",),
)
def copy_from_unknown_stage(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `COPY --from=name` takes files from the stage called `name`; when no stage has that name,
    BuildKit pulls an image called `name` (`:latest`) from Docker Hub instead. A typo in a stage
    name thus builds from an unpinned image without any error. A number must be the index of an
    earlier stage. An image reference with a tag, digest, registry or path (`nginx:1.27`,
    `ghcr.io/org/tool`) passes. The message suggests the closest stage name.

    ## Example
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=biuld /out/app /app

    ## Use instead
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
    """
    names = {st.name.value.lower() for st in df.stages if st.name is not None}
    for ins in df.walk():
        flag = ins.flag("from") if isinstance(ins, Copy) else None
        if flag is None or not flag.value or "$" in flag.value:
            continue
        ref = flag.value.strip("\"'")
        if ref.isdigit():
            if ins.stage_index >= 0 and int(ref) >= ins.stage_index:
                yield ctx.finding(flag, f"--from={ref} is not the index of an earlier stage")
            continue
        if ref.lower() in names or any(c in ref for c in ":/@."):
            continue
        close = closest(ref.lower(), names, cutoff=0.5)
        hint = f" (did you mean {close!r}?)" if close else " unless a --build-context of that name is passed"
        yield ctx.finding(flag, f"no stage is named {ref!r}: BuildKit pulls the image {ref}:latest instead{hint}")
