from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile, Run
from deploylint.models.installs import OS_MANAGERS, Action, PackageInstall, run_installs
from deploylint.models.installs_cache import cache_cleaned
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import append_to_run, insert_after, run_as
from deploylint.shell import Word

#: where each manager keeps its cache, and the command that cleans it
_CACHE = {
    "apt-get": ("/var/lib/apt/lists", None, "rm -rf /var/lib/apt/lists/*"),
    "apt": ("/var/lib/apt/lists", None, "rm -rf /var/lib/apt/lists/*"),
    "apk": ("/var/cache/apk", None, "--no-cache"),
    "yum": ("/var/cache/yum", "yum", "yum clean all"),
    "dnf": ("/var/cache/dnf", "dnf", "dnf clean all"),
    "microdnf": ("/var/cache/yum", "microdnf", "microdnf clean all"),
    "zypper": ("/var/cache/zypp", "zypper", "zypper clean --all"),
}


@rule(
    id="DKR063",
    name="os-package-cache-kept",
    title="Package manager cache left in the image",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size",),
    aliases=(
        "DL3009",
        "DL3019",
        "DL3032",
        "DL3036",
        "DL3040",
        "DS-0015",
        "DS-0019",
        "DS-0020",
        "DS-0025",
        "DS-0027",
    ),
    fixable=True,
)
def os_package_cache_kept(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Package indexes and downloaded packages stay in the layer of the `RUN` that installed them:
    tens of megabytes that a later `RUN rm` cannot take back. Clean up in the same `RUN`
    (`rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `yum/dnf/microdnf clean all`,
    `zypper clean --all`), or use a cache mount (`RUN --mount=type=cache,target=/var/lib/apt/lists`).
    Only the stages that make up the final image are checked.

    ## Example
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl \\
            && rm -rf /var/lib/apt/lists/*

    ## Fix safety
    Safe: for apt-get and apt, `&& rm -rf /var/lib/apt/lists/*` is appended at the end of the RUN
    (on a line of its own when the RUN spans several), after every command of the RUN, so a later
    `apt-get install` in the same RUN still finds the lists; the installed packages are the same.
    A later RUN that installs without `apt-get update` first now fails, as it would with a
    fresh base image. yum, dnf, microdnf and zypper get `&& yum clean all` (`dnf clean all`,
    `microdnf clean all`, `zypper clean --all`, named as the install's program is) the same
    way, and `apk add` gets `--no-cache`, which installs the same packages from a freshly
    fetched index without keeping it. When the install runs under `sudo`, so does the cleaning.
    A RUN ending in a comment, a heredoc, a background job or a compound command is not fixed.

    ## Differences from hadolint
    DL3009 and its siblings also fire in builder stages, whose layers never ship.
    """
    for run in (r for st in df.final_image_stages for r in st.runs):
        seen: set[str] = set()
        for inst in run_installs(run):
            verb = inst.verb
            if (
                verb is None
                or inst.manager not in OS_MANAGERS
                or inst.manager in seen
                or (not inst.packages and inst.action is Action.INSTALL)
            ):
                continue
            seen.add(inst.manager)
            _, _, advice = _CACHE[inst.manager]
            if (inst.manager == "apk" and inst.has_option("--no-cache")) or cache_cleaned(run, inst):
                continue
            fix = _fix(df, run, inst, verb, advice)
            msg = f"{inst.manager} leaves its cache in this layer; add {advice} to this RUN"
            yield ctx.finding(verb, msg, fix=fix)


def _fix(df: Dockerfile, run: Run, inst: PackageInstall, verb: Word, advice: str) -> Fix | None:
    """``--no-cache`` after ``apk add``; for the others the cleaning command appended to the RUN,
    run as the install was (``sudo``), by the program that installed (``dnf5``, ``tdnf``...)."""
    if inst.manager == "apk":
        edit = insert_after(df.source, verb, advice)
    else:
        if inst.manager not in ("apt-get", "apt"):
            advice = f"{inst.command.command_name}{advice[advice.index(' ') :]}"
        edit = append_to_run(df, run, run_as(inst.command, advice))
    return Fix(f"add {advice}", (edit,)) if edit else None
