from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.builds import build_step
from deploylint.models.dockerfile import Dockerfile, Stage
from deploylint.models.installs import package_install
from deploylint.models.installs_manifest import NODE_MANAGERS, node_install, omits_dev, prunes_dev
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after
from deploylint.shell import Command


@rule(
    id="DKR006",
    name="dev-dependencies-in-final-image",
    title="Final image installs development dependencies",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("size", "dependencies", "npm"),
    fixable=True,
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

    ## Fix safety
    Unsafe: `--omit=dev` is added after `npm ci`/`npm install`, `--prod` after `pnpm install`,
    so devDependencies are no longer installed; an app that needs one of them at run time (a
    start script running `ts-node` or `nodemon`, a package listed in the wrong section) stops
    working. It is offered only for a final image that runs Node (the warnings), when no build
    step (`npm run build`, `tsc`...) follows the install in the final image's stages, and, for
    npm, when the base image is the official `node` image of version 15 or later (npm 7, which
    knows `--omit`; older npm ignores it). yarn is not fixed: Yarn 1's `--production` is an
    error in Yarn 2 and later, which need `yarn workspaces focus --production`, and the file
    rarely shows which yarn runs.
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
            fix = _fix(ctx, stage, cmd, stages) if sev is None else None
            yield ctx.finding(cmd.invocation, msg, severity=sev, fix=fix)


def _fix(ctx: Context, stage: Stage, cmd: Command, stages: list[Stage]) -> Fix | None:
    pi = package_install(cmd)
    name = cmd.command_name
    if pi is None or pi.verb is None or name not in ("npm", "pnpm"):
        return None
    after = False
    for st in reversed(stages):
        for _, c in st.commands():
            if c is cmd:
                after = True
            elif after and build_step(c) is not None:
                return None  # the build needs its tools
    if name == "npm" and not _npm_knows_omit(stage):
        return None
    flag = "--omit=dev" if name == "npm" else "--prod"
    edit = insert_after(ctx.source, pi.verb, flag)
    return Fix(f"add {flag}", (edit,), Applicability.UNSAFE) if edit is not None else None


def _npm_knows_omit(stage: Stage) -> bool:
    """The stage's npm is 7 or later: the official ``node`` image at version 15 or later, named
    by number, by the codename of such a release, or by a tag that follows the current release."""
    base = stage.root_base
    if not base.is_resolved or base.normalised != "node" or (base.is_pinned and not base.tag):
        return False
    head = (base.tag or "latest").split("-", 1)[0].split(".", 1)[0].lower()
    return int(head) >= 15 if head.isdigit() else head in _CURRENT_TAGS


#: ``node`` tags without a version number that name npm 7 or later (release codenames from 16 on)
_CURRENT_TAGS = frozenset(
    {"latest", "current", "lts", "alpine", "slim", "bookworm", "bullseye", "trixie"}
    | {"gallium", "hydrogen", "iron", "jod", "krypton"}
)


#: programs that run a Node application (runtimes, package-manager scripts, process managers)
NODE_RUNTIMES = frozenset({"node", "nodejs", "bun", "deno", "npm", "npx", "pnpm", "yarn", "pm2", "pm2-runtime", "tsx"})


def _runs_node(final: Stage) -> bool:
    """The final image runs the app with Node: a word of its ENTRYPOINT or CMD is a Node
    runtime or package manager (``node``, ``/usr/local/bin/bun``, ``pnpm``)."""
    return any(w.rsplit("/", 1)[-1] in NODE_RUNTIMES for w in final.start_words)
