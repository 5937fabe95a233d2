from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile, Run, Stage
from deploylint.models.installs import package_install
from deploylint.models.installs_manifest import NODE_MANAGERS, is_lockfile_install, node_install
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after, lockfile_copied, replace_word
from deploylint.shell import Command

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
    fixable=True,
    needs_project=True,
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

    ## Fix safety
    Unsafe: `npm install` (or `npm i`) becomes `npm ci`, and `pnpm install` gets
    `--frozen-lockfile`. Both fail the build when the lockfile is missing or out of date with
    `package.json`, and `npm ci` deletes an existing `node_modules` first, so a build that
    worked may stop working until the lockfile is updated. The fix is offered only when the
    file shows the lockfile (`package-lock.json` or `npm-shrinkwrap.json`, `pnpm-lock.yaml`) in
    the folder the install runs in: copied by name earlier in the stage, or brought by a
    wildcard or a whole-context COPY when every build context holds it and does not ignore it;
    never after a `cd` in the RUN, with `--prefix`/`--dir`, or with npm's `--package-lock*`
    options. yarn is not fixed: Yarn 1 wants `--frozen-lockfile` and Yarn 2 and later
    `--immutable`, and the Dockerfile rarely shows which one runs.
    """
    for stage in df.stages:
        for run, cmd in stage.commands(*NODE_MANAGERS):
            kind = node_install(cmd)
            if kind is None or is_lockfile_install(cmd, stage.env_before(run)) or run.in_bind_mount(cmd):
                continue
            shown = " ".join(cmd.argv[:2]) if cmd.subcommand is not None else cmd.argv[0]
            msg = f"{shown} can change resolved versions between builds; use {_INSTEAD[kind]}"
            yield ctx.finding(cmd.invocation, msg, fix=_fix(df, ctx, stage, run, cmd, kind))


#: the lockfiles each manager can be frozen to
_LOCKFILES = {"npm": ("package-lock.json", "npm-shrinkwrap.json"), "pnpm": ("pnpm-lock.yaml",)}
#: options that move the install elsewhere or switch the lockfile off
_NOT_FIXED = ("--prefix", "--dir", "-C", "--package-lock", "--no-package-lock", "--package-lock-only")


def _fix(df: Dockerfile, ctx: Context, stage: Stage, run: Run, cmd: Command, kind: str) -> Fix | None:
    pi = package_install(cmd)
    if kind not in _LOCKFILES or pi is None or pi.verb is None or cmd.has_flag(*_NOT_FIXED):
        return None
    if any(a.value.startswith(("--package-lock", "--prefix=", "--dir=")) for a in cmd.args):
        return None
    if not any(lockfile_copied(df, ctx, stage, run, cmd, lock) for lock in _LOCKFILES[kind]):
        return None
    if kind == "npm":
        edit = replace_word(pi.verb, "ci") if pi.verb.value not in ("install-test", "it") else None
        title = "use npm ci"
    else:
        edit = insert_after(ctx.source, pi.verb, "--frozen-lockfile")
        title = "add --frozen-lockfile"
    return Fix(title, (edit,), Applicability.UNSAFE) if edit is not None else None
