from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.images import Reference, parse_reference
from deploylint.models.workflow import Container, Job, Workflow, matrix_key
from deploylint.profiles import DEV_WORDS, words
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


@rule(
    id="GHA016",
    name="unpinned-container-image",
    title="A job container or service image uses latest or no tag",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "supply-chain", "reproducibility"),
    security_severity=5.0,
    aliases=("unpinned-images",),
)
@each_job
def unpinned_container_image(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    `container:` and `services:` images are pulled on every run. With `:latest` or no tag at
    all, each run may get different code, and whoever can push that tag runs code inside your
    job. Use a version tag, or better a digest (`image@sha256:...`).

    ## Example
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            container: node:latest
            steps:
              - run: npm test

    ## Use instead
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            container: node:22.11-bookworm
            steps:
              - run: npm test

    A project's own development or CI toolbox image (`acme/devenv:latest`, `acme/ci-tools`: an
    image under an owner whose name is a development word) is kept on `latest` on purpose, so
    that every job gets the current tools: `info`.

    ## Differences from zizmor
    zizmor's pedantic persona also reports version tags without a digest; deploylint does not.

    An image taken from the matrix (`container: ${{ matrix.image }}`) is checked against every
    value the matrix gives it, as zizmor does; `docker://` images of action metadata are not
    resolved.
    """
    boxes: list[Container] = ([job.container] if job.container else []) + list(job.services)
    for box in boxes:
        img = box.image_ref
        if img is None:
            continue
        if not img.is_resolved:
            key = matrix_key(box.image) if box.image is not None else None
            if key is None:
                continue
            # `image: ${{ matrix.image }}`: every value the matrix gives it
            bad = [v for v in job.matrix_values(key) if v.value.strip() and _unpinned(parse_reference(v.value.strip()))]
            if bad:
                names = ", ".join(f"'{v.value.strip()}'" for v in bad)
                related = tuple(ctx.location(v, note="unpinned matrix value") for v in bad)
                msg = f"image '{img.raw.value}' takes {names} from the matrix; pin a version or a digest"
                yield ctx.finding(img, msg, related=related)
            continue
        what = _unpinned(img.reference)
        if what is not None:
            sev = Severity.INFO if _toolbox(img.reference) else None
            yield ctx.finding(img, f"image '{img.raw.value}' uses {what}; pin a version or a digest", severity=sev)


def _toolbox(ref: Reference) -> bool:
    """A project's own development or CI toolbox image (``penpotapp/devenv:latest``,
    ``acme/ci-runner``): its repository name, under an owner, is a development word."""
    return "/" in ref.path and bool(words(ref.name) & DEV_WORDS)


def _unpinned(ref: Reference) -> str | None:
    """ "no tag" or "the 'latest' tag" for an image that floats, else None."""
    if ref.is_pinned:
        return None
    if not ref.tag:
        return "no tag"
    return "the 'latest' tag" if ref.is_latest else None
