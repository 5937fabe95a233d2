from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs_manifest import cleans_npm_cache, npm_installs_packages
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import append_to_run


@rule(
    id="DKR007",
    name="npm-cache-not-cleaned",
    title="npm cache left in the final image",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size", "npm"),
    fixable=True,
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

    ## Fix safety
    Safe: `&& npm cache clean --force` is appended at the end of the RUN (on a line of its own
    when the RUN spans several), so it runs after everything else and only when the RUN has
    succeeded so far; the installed packages are the same. A RUN ending in a comment, a heredoc,
    a background job or a compound command is not fixed.
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
                    fix = append_to_run(df, run, "npm cache clean --force")
                    yield ctx.finding(cmd.invocation, msg, fix=Fix("clean the npm cache", (fix,)) if fix else None)
                    break
