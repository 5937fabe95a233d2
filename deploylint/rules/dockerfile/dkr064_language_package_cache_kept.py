from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile, Run, Stage
from deploylint.models.installs import run_installs
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after


@rule(
    id="DKR064",
    name="language-package-cache-kept",
    title="pip or yarn cache left in the image",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size",),
    aliases=("DL3042", "DL3060"),
    fixable=True,
)
def language_package_cache_kept(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pip install` keeps every downloaded wheel in `~/.cache/pip`, and `yarn install` keeps a
    copy of every package in its global cache; both stay in the layer. Use
    `pip install --no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`), `yarn cache clean` in the same
    `RUN`, or a cache mount. Only the stages that make up the final image are checked; npm's
    cache is DKR007's.

    ## Example
        FROM python:3.12-slim
        RUN pip install flask==3.0.3

    ## Use instead
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask==3.0.3

    ## Fix safety
    Safe: `--no-cache-dir` is added after `pip install`; the same packages are installed, only
    the download cache is not written. The yarn finding has no fix.

    ## Differences from hadolint
    DL3042 and DL3060 also fire in builder stages, whose layers never ship.
    """
    for stage in df.final_image_stages:
        for run in stage.runs:
            yield from _pip(stage, run, ctx)
            for cmd in run.effective_commands:
                pos = cmd.positionals() if cmd.command_name == "yarn" else None
                if pos is None or (pos and pos[0].value != "install") or cmd.name is None:
                    continue
                if run.cache_mount("yarn") is None and not _yarn_cleaned(run):
                    yield ctx.finding(
                        cmd.invocation, "yarn install leaves its cache in this layer; add yarn cache clean"
                    )


def _pip(stage: Stage, run: Run, ctx: Context) -> Iterator[Finding]:
    env = stage.env_before(run)
    if env.get("PIP_NO_CACHE_DIR", "").lower() not in ("", "0", "false", "no", "off"):
        return
    if run.cache_mount(".cache/pip", "/root/.cache") is not None:
        return
    if any(c.command_name == "rm" and any(".cache/pip" in a.value for a in c.args) for c in run.effective_commands):
        return
    kept = [
        inst
        for inst in run_installs(run)
        if inst.manager == "pip"
        and not inst.has("--no-cache-dir")
        and not any(a.name == "PIP_NO_CACHE_DIR" for a in inst.command.assignments)
    ]
    if kept:
        # one finding per RUN; its fix covers every pip install of the RUN
        edits = [insert_after(ctx.source, inst.verb, "--no-cache-dir") for inst in kept]
        fix = Fix("add --no-cache-dir", tuple(e for e in edits if e)) if all(edits) else None
        msg = "pip install keeps its download cache in this layer; add --no-cache-dir"
        yield ctx.finding(kept[0].verb, msg, fix=fix)


def _yarn_cleaned(run: Run) -> bool:
    return any(
        c.command_name == "yarn" and [a.value for a in c.args[:2]] == ["cache", "clean"] for c in run.effective_commands
    )
