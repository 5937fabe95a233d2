from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._context import build_contexts, context_label


@rule(
    id="DKR009",
    name="copy-context-without-dockerignore",
    title="Whole build context copied with no .dockerignore",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "secrets", "size"),
    security_severity=5.0,
    needs_project=True,
)
def copy_context_without_dockerignore(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `COPY . .` copies everything in the build context into the image: `.git` (history,
    sometimes credentials), `.env` files with secrets, local `node_modules` built for another
    platform. Without a `.dockerignore` nothing is left out. The build context is taken to be the
    Dockerfile's folder unless a compose `build:` or a workflow build step gives another;
    `Dockerfile.prod.dockerignore` next to `Dockerfile.prod` counts too. When nothing says how a
    Dockerfile below the repository root is built, its context is as often the repository root
    (`docker build -f docker/Dockerfile .`): if the root has a `.dockerignore`, the rule cannot
    tell which applies and says nothing.

    ## Example
        FROM node:20-slim
        WORKDIR /app
        COPY . .

    ## Use instead
        FROM node:20-slim
        WORKDIR /app
        COPY package.json package-lock.json ./
        COPY src/ ./src/
    """
    copies = [i for i in df.walk() if isinstance(i, (Copy, Add)) and i.copies_context]
    if df.context_dir is None or not copies:
        return
    project = ctx.project
    linked = project.linked_contexts(df) if project is not None else []
    if project is not None and linked:
        bare = [c for c in linked if project.dockerignore_for(df, c) is None]
    else:
        bare = [c for c, ignore in build_contexts(df, ctx) if ignore is None]
        if bare and project is not None and project.dockerignore_for(df, project.repo_root(df.source.path)):
            return  # context unknown, and the repository root's .dockerignore may be the one Docker uses
    if not bare:
        return
    where = context_label(df, bare)
    for ins in copies:
        src = next(s for s in ins.sources if s.value.strip("./*") == "")
        msg = f"{ins.keyword.value} {src.value} copies the whole build context{where}, and it has no .dockerignore"
        yield ctx.finding(ins, msg)
