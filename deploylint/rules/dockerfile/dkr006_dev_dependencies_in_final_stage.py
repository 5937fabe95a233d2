from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Stage
from deploylint.models.packages import NODE_MANAGERS, node_install, omits_dev, prunes_dev
from deploylint.registry import Kind, rule


@rule(
    id="DKR006",
    name="dev-dependencies-in-final-image",
    title="Final image installs development dependencies",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("size", "dependencies", "npm"),
)
def dev_dependencies_in_final_stage(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Test runners, bundlers and type checkers from `devDependencies` have no business in a
    production image: they make it larger and add packages to patch. In the final image's stages
    an `npm ci`, `yarn install` or `pnpm install` should leave them out (`--omit=dev`,
    `--production`, `--prod`), or `NODE_ENV=production` should be in effect, or a later
    `npm prune --omit=dev` should remove them. Builder stages may install everything, and so may
    development and test images, which need their test runners: `Dockerfile.dev`,
    `test/Dockerfile` (see `deploylint.profiles`), or a final stage named `dev`, `test` or
    `development`.

    The warning is for a final image that runs the installed app with Node (its ENTRYPOINT or CMD
    starts `node`, `bun`, `npm start`, `pnpm start`, `pm2-runtime`...). One that starts anything
    else, or nothing (a base image whose JavaScript is built later, at bootstrap or by the images
    built on it), may need its build tools at run time: `info`.

    ## Example
        FROM node:20-slim
        COPY package.json package-lock.json ./
        RUN npm ci

    ## Use instead
        FROM node:20-slim
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev
    """
    if df.is_development_image:
        return
    stages = df.final_image_stages
    pruned = any(prunes_dev(c) for st in stages for _, c in st.commands(*NODE_MANAGERS))
    if pruned:
        return
    final = df.final_stage
    sev = None if final is not None and _runs_node(final) else Severity.INFO
    for stage in stages:
        for run, cmd in stage.commands(*NODE_MANAGERS):
            if node_install(cmd) is None or omits_dev(cmd, stage.env_before(run)):
                continue
            shown = " ".join(cmd.argv[:2]) if cmd.subcommand is not None else cmd.argv[0]
            msg = f"{shown} in the final image installs devDependencies; add --omit=dev or set NODE_ENV=production"
            yield ctx.finding(cmd.invocation, msg, severity=sev)


#: programs that run a Node application (runtimes, package-manager scripts, process managers)
NODE_RUNTIMES = frozenset({"node", "nodejs", "bun", "deno", "npm", "npx", "pnpm", "yarn", "pm2", "pm2-runtime", "tsx"})


def _runs_node(final: Stage) -> bool:
    """The final image runs the app with Node: a word of its ENTRYPOINT or CMD is a Node
    runtime or package manager (``node``, ``/usr/local/bin/bun``, ``pnpm``)."""
    return any(w.rsplit("/", 1)[-1] in NODE_RUNTIMES for w in final.start_words)
