from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Container, Job, Workflow, matrix_key
from deploylint.profiles import DEV_WORDS, words
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


def _tag(image: str) -> str | None:
    """The tag of an image reference ("" when none, None when pinned by digest)."""
    if "@sha256:" in image:
        return None
    slash = image.rfind("/")
    colon = image.rfind(":")
    return image[colon + 1 :] if colon > slash else ""


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
        img = box.image
        if img is None or not img.value.strip():
            continue
        if img.has_expr:
            key = matrix_key(img)
            if key is None:
                continue
            # `image: ${{ matrix.image }}`: every value the matrix gives it
            bad = [v for v in job.matrix_values(key) if v.value.strip() and _unpinned(v.value) is not None]
            if bad:
                names = ", ".join(f"'{v.value.strip()}'" for v in bad)
                related = tuple(ctx.location(v, note="unpinned matrix value") for v in bad)
                msg = f"image '{img.value}' takes {names} from the matrix; pin a version or a digest"
                yield ctx.finding(img, msg, related=related)
            continue
        what = _unpinned(img.value)
        if what is not None:
            sev = Severity.INFO if _toolbox(img.value) else None
            yield ctx.finding(img, f"image '{img.value}' uses {what}; pin a version or a digest", severity=sev)


def _toolbox(image: str) -> bool:
    """A project's own development or CI toolbox image (``penpotapp/devenv:latest``,
    ``acme/ci-runner``): its repository name, under an owner, is a development word."""
    path = image.strip().rsplit("@", 1)[0]
    owner, _, repo = path.rpartition("/")
    repo = repo.split(":", 1)[0]
    return bool(owner) and bool(words(repo) & DEV_WORDS)


def _unpinned(image: str) -> str | None:
    """ "no tag" or "the 'latest' tag" for an image that floats, else None."""
    tag = _tag(image.strip())
    if tag == "":
        return "no tag"
    return "the 'latest' tag" if tag == "latest" else None
