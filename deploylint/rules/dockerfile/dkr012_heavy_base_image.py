from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR012",
    name="heavy-base-image",
    title="Final image uses a heavy base where a slim variant exists",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size", "hardening"),
)
def heavy_base_image(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    The default tags of language images (`node:20`, `python:3.12`, `golang:1.22`) carry a full
    Debian with compilers and hundreds of packages: large images, slow pulls and many more CVEs
    to patch. The same image has `-slim`, `-alpine` or distroless variants for running code.
    Builder stages may stay heavy; only the image the final stage is built on is checked, and not
    in development or test images (`Dockerfile.dev`, `test/Dockerfile`, a final stage named `dev`).

    ## Example
        FROM python:3.12
        COPY app.py /app/
        CMD ["python", "/app/app.py"]

    ## Use instead
        FROM python:3.12-slim
        COPY app.py /app/
        CMD ["python", "/app/app.py"]
    """
    final = df.final_stage
    if final is None or df.is_development_image:
        return
    base = final.root_base
    facts = base.facts
    if facts is None or not facts.is_heavy or not facts.family.lighter:
        return
    variants = " or ".join(f"-{v}" for v in facts.family.lighter)
    msg = f"final image is based on {base.resolved}, a full build image; a {variants} variant is much smaller"
    yield ctx.finding(base.raw, msg)
