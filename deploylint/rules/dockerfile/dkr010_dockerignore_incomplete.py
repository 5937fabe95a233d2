from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile, DockerIgnore
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._context import build_contexts

_ALWAYS = (".git", ".env")
_NODE = ("npm", "npx", "yarn", "pnpm", "node")


@rule(
    id="DKR010",
    name="dockerignore-incomplete",
    title=".env or .git copied into the image",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=4.0,
    needs_project=True,
)
def dockerignore_incomplete(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    When the Dockerfile copies the whole build context (`COPY . .`), the `.dockerignore` is what
    keeps `.git` (history, remotes with tokens) and `.env` (local secrets) out of the image. When
    the image runs npm, yarn or pnpm, a host `node_modules` must stay out too: it is large and
    built for the host's platform. Reported on the COPY that ships the context, with the
    `.dockerignore` as a related location. When only `.git` is let in and the copy is in a
    builder stage the final image does not build on, the history reaches no shipped layer (the
    cost is a larger context to send): `info`.

    A COPY or ADD in the final image's stages that names a `.env` file itself (`COPY .env .`,
    `COPY .env.production ./.env`) bakes whatever `.env` the build machine has into every layer
    pushed to a registry; pass the values at run time (`env_file:`, secrets) instead.
    `.env.example`, `.env.sample`, `.env.template`, `.env.dist` and `.env.defaults` are meant to
    be shipped and pass.

    ## Example
        # (no example runs inline: the rule needs a .dockerignore beside the Dockerfile)
        # .dockerignore:
        #     node_modules
        FROM node:20-slim
        COPY . /app
        RUN npm ci

    ## Use instead
        # .dockerignore:
        #     .git
        #     .env*
        #     node_modules
        FROM node:20-slim
        COPY . /app
        RUN npm ci
    """
    yield from _env_copies(df, ctx)
    copy = next((i for i in df.walk() if isinstance(i, (Copy, Add)) and i.copies_context), None)
    if copy is None or df.context_dir is None:
        return
    ignores = {id(ig): ig for _, ig in build_contexts(df, ctx) if ig is not None and ig.readable}
    for ignore in ignores.values():
        yield from _check(df, ctx, copy, ignore)


def _env_copies(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """COPY/ADD of a ``.env`` file by name in the final image's stages."""
    from deploylint.models.secrets import env_file_role

    ignores = [ig for _, ig in build_contexts(df, ctx) if ig is not None]
    for ins in (i for st in df.final_image_stages for i in st.instructions):
        if not isinstance(ins, (Copy, Add)) or ins.flag("from") is not None:
            continue
        for src in ins.sources:
            path = src.value.strip("\"'").removeprefix("./")
            name = path.rstrip("/").rpartition("/")[2]
            if (
                not name.startswith(".env")
                or env_file_role(name) != "env"
                or any(not ig.readable or ig.excludes(path) for ig in ignores)
            ):
                continue  # an excluded file is not in the context at all (DKR044)
            msg = (
                f"{ins.keyword.value} {src.value} bakes the build machine's {name} into the image; pass it at run time"
            )
            yield ctx.finding(src, msg)


def _check(df: Dockerfile, ctx: Context, copy: Copy | Add, ignore: DockerIgnore) -> Iterator[Finding]:
    wanted = list(_ALWAYS)
    node_image = any(st.root_base.facts is not None and st.root_base.facts.family.name == "node" for st in df.stages)
    if node_image or df.runs_program(*_NODE):
        wanted.append("node_modules")
    missing = [p for p in wanted if not ignore.excludes(p)]
    if missing:
        names = ", ".join(missing)
        related = (ctx.location(ignore, note=".dockerignore of the build context"),)
        msg = f"{copy.keyword.value} ships the build context, and .dockerignore does not exclude {names}"
        shipped = any(copy is i for st in df.final_image_stages for i in st.instructions)
        sev = Severity.INFO if missing == [".git"] and not shipped else None
        yield ctx.finding(copy, msg, related=related, severity=sev)
