from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile, Run
from deploylint.models.installs_manifest import dependency_install
from deploylint.registry import Kind, rule


@rule(
    id="DKR005",
    name="context-copy-before-install",
    title="Whole context copied before installing dependencies",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("cache", "performance"),
)
def context_copy_before_install(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Docker reuses a layer only while everything before it is unchanged. After `COPY . .`, any
    edit to any source file invalidates the cache, so the dependency install that follows runs
    again on every build. Copy the manifests first, install, then copy the rest. Installs
    recognised: npm/yarn/pnpm, `pip install -r`, `poetry install`, `uv sync`, `pipenv install`,
    `bundle install`, `go mod download` and `composer install`.

    ## Example
        FROM node:20-slim
        WORKDIR /app
        COPY . .
        RUN npm ci

    ## Use instead
        FROM node:20-slim
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY . .
    """
    for stage in df.stages:
        copy = None
        for ins in stage.instructions:
            if copy is None and isinstance(ins, (Copy, Add)) and ins.copies_context:
                copy = ins
            elif copy is not None and isinstance(ins, Run):
                label = next((lbl for c in ins.effective_commands if (lbl := dependency_install(c))), None)
                if label is not None:
                    related = (ctx.location(ins, note=f"{label} runs after the copy"),)
                    msg = f"{copy.keyword.value} of the whole context comes before {label}, so every source change reinstalls dependencies"
                    yield ctx.finding(copy, msg, related=related)
                    break
