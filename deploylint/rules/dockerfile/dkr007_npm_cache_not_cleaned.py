from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.packages import cleans_npm_cache, npm_installs_packages
from deploylint.registry import Kind, rule


@rule(
    id="DKR007",
    name="npm-cache-not-cleaned",
    title="npm cache left in the final image",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size", "npm"),
)
def npm_cache_not_cleaned(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    npm keeps every downloaded tarball in `~/.npm`; left in a layer it adds tens to hundreds of
    megabytes to the final image. Clean it in the same RUN (`npm cache clean --force`; a later
    RUN cannot shrink an earlier layer) or keep it out of the image with a cache mount
    (`RUN --mount=type=cache,target=/root/.npm`). Builder stages are exempt, and so are
    development and test images (`Dockerfile.dev`, `test/Dockerfile`, a final stage named `dev`).

    ## Example
        FROM node:20-slim
        RUN npm ci --omit=dev

    ## Use instead
        FROM node:20-slim
        RUN npm ci --omit=dev && npm cache clean --force
    """
    if df.is_development_image:
        return
    for stage in df.final_image_stages:
        for run in stage.runs:
            if run.cache_mount(".npm", "npm") is not None:
                continue
            cmds = run.effective_commands
            if any(cleans_npm_cache(c) for c in cmds):
                continue
            for cmd in cmds:
                if cmd.command_name == "npm" and npm_installs_packages(cmd):
                    shown = " ".join(cmd.argv[:2])
                    msg = f"{shown} leaves its download cache in the image; add && npm cache clean --force or a cache mount"
                    yield ctx.finding(cmd.invocation, msg)
                    break
