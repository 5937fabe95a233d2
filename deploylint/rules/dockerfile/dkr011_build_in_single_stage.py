from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.builds import build_step
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR011",
    name="build-in-single-stage",
    title="Single-stage image runs a build step",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size", "hardening"),
)
def build_in_single_stage(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    When the image that builds the app is also the image that runs it, compilers, SDKs,
    dev dependencies and intermediate files all ship to production. A multi-stage build compiles
    in a builder stage and copies only the output into a small runtime stage. Build steps
    recognised: `npm run build` (and yarn/pnpm), `tsc`, `go build`, `mvn package`,
    `gradle build`, `cargo build`, `dotnet publish`. Development and test images (`Dockerfile.dev`,
    `test/Dockerfile`, a stage named `dev` or `test`) are not checked.

    ## Example
        FROM node:20
        COPY . /app
        RUN npm ci && npm run build
        CMD ["node", "/app/dist/server.js"]

    ## Use instead
        FROM node:20 AS build
        COPY . /app
        RUN npm ci && npm run build
        FROM node:20-slim
        COPY --from=build /app/dist /app/dist
        CMD ["node", "/app/dist/server.js"]
    """
    if len(df.stages) != 1 or df.is_development_image:
        return
    for _, cmd in df.stages[0].commands():
        label = build_step(cmd)
        if label is not None:
            yield ctx.finding(
                cmd.invocation, f"{label} runs in the only stage, so the build toolchain ships in the image"
            )
            return
