from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.packages import NODE_MANAGERS, is_lockfile_install, node_install
from deploylint.registry import Kind, rule

_INSTEAD = {
    "npm": "npm ci",
    "yarn": "yarn install --frozen-lockfile (or --immutable)",
    "pnpm": "pnpm install --frozen-lockfile",
}


@rule(
    id="DKR004",
    name="npm-install-not-ci",
    title="Dependencies installed without sticking to the lockfile",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reproducibility", "npm"),
)
def npm_install_not_ci(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `npm install` resolves version ranges again and may rewrite the lockfile, so two builds of
    the same commit can ship different dependencies. `npm ci` installs exactly what
    `package-lock.json` says and fails when it is out of date. The same holds for `yarn install`
    without `--frozen-lockfile`/`--immutable` and `pnpm install` without `--frozen-lockfile`.
    Adding a named package (`npm install -g pnpm@9`) is not a manifest install and passes. pnpm
    freezes the lockfile by itself when it sees a CI environment, so `CI=1 pnpm install` or
    `pnpm install` after `ENV CI=true` passes (unless `--no-frozen-lockfile` is given). An
    install run inside a `RUN --mount=type=bind` folder (`cd /tmp/src && yarn install`, to warm
    the package manager's cache) leaves nothing of its dependency tree in the image: not judged.

    ## Example
        FROM node:20-slim
        COPY package.json package-lock.json ./
        RUN npm install

    ## Use instead
        FROM node:20-slim
        COPY package.json package-lock.json ./
        RUN npm ci
    """
    for stage in df.stages:
        for run, cmd in stage.commands(*NODE_MANAGERS):
            kind = node_install(cmd)
            if kind is None or is_lockfile_install(cmd, stage.env_before(run)) or run.in_bind_mount(cmd):
                continue
            shown = " ".join(cmd.argv[:2]) if cmd.subcommand is not None else cmd.argv[0]
            msg = f"{shown} can change resolved versions between builds; use {_INSTEAD[kind]}"
            yield ctx.finding(cmd.invocation, msg)
