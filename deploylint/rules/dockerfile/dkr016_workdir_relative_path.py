from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Workdir
from deploylint.registry import Kind, rule


@rule(
    id="DKR016",
    name="workdir-relative-path",
    title="Relative WORKDIR with no absolute WORKDIR before it",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3000", "WorkdirRelativePath", "DS-0009", "CKV_DOCKER_10"),
)
def workdir_relative_path(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A relative `WORKDIR` is resolved against the working directory the base image happens to set.
    When the base image changes its `WORKDIR`, files land somewhere else and the build or the
    container breaks. This fires on a relative `WORKDIR` when no absolute `WORKDIR` was set
    earlier in the stage or in the stages it is built `FROM`.

    ## Example
        FROM alpine:3.20
        WORKDIR app

    ## Use instead
        FROM alpine:3.20
        WORKDIR /app

    ## Differences from hadolint
    DL3000 fires on every relative `WORKDIR`, also `WORKDIR src` after `WORKDIR /app`, which is
    well defined. Like BuildKit's WorkdirRelativePath, a relative path after an absolute one
    passes here.
    """
    for stage in df.stages:
        anchored = stage.absolute_workdir_above  # memoised per stage: linear in a long FROM chain
        for ins in stage.of_type(Workdir):
            if ins.is_absolute:
                anchored = True
            elif not anchored and ins.path is not None:
                yield ctx.finding(
                    ins.path, f"WORKDIR {ins.path.value} is relative to the base image's working directory"
                )
