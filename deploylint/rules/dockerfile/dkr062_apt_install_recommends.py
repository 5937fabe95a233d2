from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs import run_installs
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after


@rule(
    id="DKR062",
    name="apt-install-recommends",
    title="apt-get install without --no-install-recommends",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size",),
    aliases=("DL3015", "DS-0029"),
    fixable=True,
)
def apt_install_recommends(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    By default apt also installs each package's "recommended" packages, often tens of megabytes
    of documentation, fonts and helpers the image never uses. `--no-install-recommends` (or
    `-o APT::Install-Recommends=false`) installs what you asked for. Only the stages that make
    up the final image are checked.

    ## Example
        FROM debian:12-slim
        RUN apt-get install -y curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get install -y --no-install-recommends curl

    ## Fix safety
    Unsafe: `--no-install-recommends` is added after `install`, so fewer packages are installed;
    a program that needed a recommended package (CA certificates, locales, a helper binary) may
    fail at run time. Check the image after fixing.

    ## Differences from hadolint
    DL3015 also fires in builder stages, whose size does not matter.
    """
    for run in (r for st in df.final_image_stages for r in st.runs):
        for inst in run_installs(run):
            verb = inst.verb
            if (
                verb is None
                or inst.manager not in ("apt-get", "apt")
                or not inst.packages
                or inst.has_option("--no-install-recommends")
            ):
                continue
            opts = [o.value or "" for o in inst.options if o.name in ("-o", "--option")]
            if any(
                o.lower().replace(" ", "") in ("apt::install-recommends=false", "apt::install-recommends=0")
                for o in opts
            ):
                continue
            edit = insert_after(ctx.source, verb, "--no-install-recommends")
            fix = Fix("add --no-install-recommends", (edit,), Applicability.UNSAFE) if edit else None
            msg = "apt-get install without --no-install-recommends pulls in extra packages"
            yield ctx.finding(verb, msg, fix=fix)
