from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR027",
    name="constant-platform-flag",
    title="FROM --platform with a constant value",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("portability",),
    aliases=("DL3029", "FromPlatformFlagConstDisallowed"),
)
def constant_platform_flag(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `FROM --platform=linux/amd64` pins the stage to one platform: on an arm64 machine, or in a
    multi-platform build, it runs under emulation or ships the wrong architecture. Use
    `$BUILDPLATFORM` for build stages (cross-compiling) and leave the final stage to the target
    platform. A stage whose name says which platform it is for (`AS build-arm64`) passes.

    ## Example
        FROM --platform=linux/amd64 node:20-slim

    ## Use instead
        FROM --platform=$BUILDPLATFORM golang:1.22 AS build
        FROM node:20-slim
    """
    for stage in df.stages:
        plat = stage.from_.platform
        if plat is None or "$" in plat.value or not plat.value:
            continue
        name = stage.name.value.lower() if stage.name is not None else ""
        parts = [p for p in plat.value.lower().split("/") if p]
        if name and any(p in name for p in parts):
            continue
        yield ctx.finding(plat, f"--platform={plat.value} pins the stage to one platform; use $BUILDPLATFORM")
