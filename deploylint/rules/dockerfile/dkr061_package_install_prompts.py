from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs import PackageInstall, run_installs
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after

_YES = {
    "apt-get": ("-y", "--yes", "--assume-yes", "-qq"),
    "apt": ("-y", "--yes", "--assume-yes", "-qq"),
    "yum": ("-y", "--assumeyes"),
    "dnf": ("-y", "--assumeyes"),
    "zypper": ("-y", "--no-confirm", "-n", "--non-interactive"),
}


@rule(
    id="DKR061",
    name="package-install-prompts",
    title="Package install waits for a confirmation",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3014", "DL3030", "DL3034", "DL3038", "DS-0021"),
    fixable=True,
)
def package_install_prompts(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `-y`, `apt-get install`, `yum install`, `dnf install` and `zypper install` ask for
    confirmation; a build has no one to answer, so the install aborts (or hangs). `-qq`
    implies `-y` for apt-get; zypper also accepts the global `-n`/`--non-interactive`; input
    piped from `yes` counts.

    ## Example
        FROM debian:12-slim
        RUN apt-get update && apt-get install curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y curl

    ## Fix safety
    Safe: `-y` is added after `install`. Without it the build cannot answer the prompt, so the
    only behaviour that changes is that the install no longer aborts.
    """
    for run in (r for st in df.stages for r in st.runs):
        for inst in run_installs(run):
            yes = _YES.get(inst.manager)
            verb = inst.verb
            if yes is None or verb is None or inst.has_option(*yes) or not inst.packages or _quiet_level(inst) >= 2:
                continue
            cmd = inst.command
            if cmd.pipeline is not None and cmd.pipeline_index > 0 and cmd.pipeline.commands[0].command_name == "yes":
                continue
            if any(a.value in ("-q=2", "--assume-yes=true", "-oAPT::Get::Assume-Yes=true") for a in cmd.args):
                continue
            edit = insert_after(ctx.source, verb, yes[0])
            fix = Fix(f"add {yes[0]}", (edit,)) if edit else None
            msg = f"{inst.manager} {verb.value} without {yes[0]} waits for an answer"
            yield ctx.finding(verb, msg, fix=fix)


def _quiet_level(inst: PackageInstall) -> int:
    """apt's quiet level: ``-q`` or ``--quiet`` once per level, ``-qq`` two; level 2 implies -y."""
    return sum(2 if o.name == "-qq" else 1 for o in inst.options if o.name in ("-q", "--quiet", "-qq"))
