from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs import OS_MANAGERS, run_installs
from deploylint.registry import Kind, rule
from deploylint.shell.model import Word

_HOW = {"apt-get": "pkg=version", "apt": "pkg=version", "apk": "pkg=version", "zypper": "pkg=version"}


@rule(
    id="DKR059",
    name="os-package-unpinned",
    title="OS package installed without a version",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("reproducibility", "hardening"),
    aliases=("DL3008", "DL3018", "DL3033", "DL3037", "DL3041"),
)
def os_package_unpinned(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `apt-get install curl` installs whatever version the mirror has on the day of the build, so
    two builds of the same commit can differ. Pinning (`curl=8.5.0-2`, `apk add curl=8.11.1-r0`,
    `dnf install curl-8.6.0`) makes the build repeatable, at the price of updating the pins.
    This is advice (info): many teams pin the base image by digest instead. It is one finding
    per Dockerfile, at the first unpinned package, with the others as related locations (one
    per package made hundreds of infos on a real repository, none worth reading alone), and it is
    tagged `hardening`, so the `strict` preset raises it to a warning. Local package files
    (`./app.deb`, `/tmp/x.rpm`), `-t <release>`, `pkg/release`, dnf groups (`@core`) and
    versions in variables (`curl=$CURL_VERSION`, `$PACKAGES`) pass. Digits inside an rpm name are
    no version (`java-11-openjdk`, `gcc-toolset-13-gcc` fire; `curl-8.6.0` passes), nor is a glob
    (`gcc*`).

    ## Example
        FROM debian:12-slim
        RUN apt-get install -y --no-install-recommends curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8

    ## Differences from hadolint
    DL3008/DL3018/DL3033/DL3037/DL3041 are warnings and fire on `.deb`/`.apk` files, on
    `apt-get install -t bookworm-backports` and on package lists in variables (hadolint #345,
    #177, #928, #662).
    """
    found: list[tuple[str, Word]] = []
    for run in (r for st in df.stages for r in st.runs):
        for inst in run_installs(run):
            if inst.manager not in OS_MANAGERS:
                continue
            found.extend((inst.manager, spec.word) for spec in inst.unpinned())
    if not found:
        return
    manager, first = found[0]
    names = [w.value for _, w in found]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    how = _HOW.get(manager, "pkg-version")
    related = tuple(ctx.location(w, note=f"{m} installs {w.value} without a version") for m, w in found[1:])
    msg = f"{len(names)} OS package(s) installed without a version: {shown} ({how})"
    yield ctx.finding(first, msg, related=related)
