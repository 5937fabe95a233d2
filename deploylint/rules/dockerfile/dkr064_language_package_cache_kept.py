from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile, Run, Stage
from deploylint.models.installs import Action, Manager, run_installs
from deploylint.models.installs_cache import cache_cleaned, cache_mounted, cleaned_after, env_for, toggle
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._context import build_contexts, context_holds
from deploylint.rules.dockerfile._fixes import append_to_run, insert_after, run_as
from deploylint.shell import Command


@rule(
    id="DKR064",
    name="language-package-cache-kept",
    title="pip or yarn cache left in the image",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size",),
    aliases=("DL3042", "DL3060"),
    fixable=True,
    needs_project=True,
)
def language_package_cache_kept(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pip install` keeps every downloaded wheel in `~/.cache/pip`, and `yarn install` keeps a
    copy of every package in its global cache; both stay in the layer. Use
    `pip install --no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`), `yarn cache clean` in the same
    `RUN`, or a cache or tmpfs mount over the cache folder. `PIP_NO_CACHE_DIR` counts when it
    is true-ish (`1`, `true`, `yes`, `on`) for the install: set on the command itself, exported
    earlier in the `RUN`, or by `ENV`, the nearest winning; a false-ish value (`0`, `off`, `no`,
    `false`) keeps the cache. A `yarn cache clean` counts only after the install it cleans up
    for. Only the stages that make up the final image are checked; npm's cache is DKR007's.

    ## Example
        FROM python:3.12-slim
        RUN pip install flask==3.0.3

    ## Use instead
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask==3.0.3

    ## Fix safety
    Safe for pip: `--no-cache-dir` is added after `pip install`; the same packages are
    installed, only the download cache is not written.

    Unsafe for yarn: `&& yarn cache clean` is appended at the end of the RUN (as `sudo` when the
    install ran under it). With Yarn 1 this only deletes the download cache; with Yarn 2 and
    later in Plug'n'Play mode the cache holds the installed packages themselves, and cleaning
    it breaks the app. So the fix is not offered when the file shows Yarn 2 or later
    (`corepack`, `yarn set version`, `--immutable`, `yarn dlx`/`workspaces`, a copied
    `.yarnrc.yml` or `.yarn` folder), and stays unsafe because a `packageManager` field in
    `package.json` can still select it.

    ## Differences from hadolint
    DL3042 and DL3060 also fire in builder stages, whose layers never ship.
    """
    for stage in df.final_image_stages:
        for run in stage.runs:
            yield from _pip(stage, run, ctx)
            for inst in run_installs(run):
                if inst.manager is not Manager.YARN or inst.action is not Action.INSTALL or inst.global_install:
                    continue
                cmd = inst.command
                if not cache_mounted(run, "yarn") and not cleaned_after(run, "yarn", cmd):
                    msg = "yarn install leaves its cache in this layer; add yarn cache clean"
                    yield ctx.finding(cmd.invocation, msg, fix=_yarn_fix(df, ctx, run, cmd))


def _pip(stage: Stage, run: Run, ctx: Context) -> Iterator[Finding]:
    env = stage.env_before(run)
    kept = [
        (inst, inst.verb)
        for inst in run_installs(run)
        if inst.manager == "pip"
        and inst.verb is not None
        and not inst.has_option("--no-cache-dir")
        and toggle(env_for(run, inst.command, "PIP_NO_CACHE_DIR", env)) is not True
        and not cache_cleaned(run, inst)
    ]
    if kept:
        # one finding per RUN; its fix covers every pip install of the RUN
        edits = [insert_after(ctx.source, verb, "--no-cache-dir") for _, verb in kept]
        fix = Fix("add --no-cache-dir", tuple(e for e in edits if e)) if all(edits) else None
        msg = "pip install keeps its download cache in this layer; add --no-cache-dir"
        yield ctx.finding(kept[0][1], msg, fix=fix)


def _yarn_fix(df: Dockerfile, ctx: Context, run: Run, cmd: Command) -> Fix | None:
    if _modern_yarn(df, ctx, run):
        return None
    edit = append_to_run(df, run, run_as(cmd, "yarn cache clean"))
    return Fix("add yarn cache clean", (edit,), Applicability.UNSAFE) if edit is not None else None


#: yarn subcommands and options that exist only from Yarn 2 on
_MODERN_YARN = frozenset({"set", "dlx", "workspaces", "--immutable", "--immutable-cache", "--mode"})


def _modern_yarn(df: Dockerfile, ctx: Context, run: Run) -> bool:
    """The file shows signs that Yarn 2 or later runs (whose cache may be the installed packages):
    corepack, ``yarn set version``, ``--immutable``, a copied ``.yarnrc.yml`` or ``.yarn`` folder
    (named, or in a build context that is copied whole)."""
    for st in df.stages:
        for _, c in st.commands():
            if c.command_name == "corepack" or (
                c.command_name == "yarn" and any(a.value in _MODERN_YARN for a in c.args)
            ):
                return True
    for ins in df.walk():
        if isinstance(ins, (Copy, Add)) and ins.flag("from") is None:
            for src in ins.sources:
                name = src.value.strip("\"'").rstrip("/")
                if name.rsplit("/", 1)[-1] in (".yarnrc.yml", ".yarn"):
                    return True
                if ins.copies_context and any(
                    context_holds(ctx, c, ".yarnrc.yml", file=False) for c, _ in build_contexts(df, ctx)
                ):
                    return True
    return False
