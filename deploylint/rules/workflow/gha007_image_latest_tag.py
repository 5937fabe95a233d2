from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.images import is_env_tag
from deploylint.models.workflow import Job, Step, Str, Workflow, split_image_ref
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job
from deploylint.source import Span
from deploylint.truth import action_input_bool

_VERSIONED_TYPES = ("type=sha", "type=semver", "type=ref", "type=pep440", "type=match", "type=schedule")


def _metadata_steps(job: Job) -> dict[str, tuple[int, Step]]:
    """The job's docker/metadata-action steps with an id, by id (the first of an id), with their
    place in the job: made once per job, not once per ``tags:`` read."""
    found: dict[str, tuple[int, Step]] = {}
    for i, step in enumerate(job.steps):
        if step.id is not None and step.uses is not None and step.uses.is_("docker/metadata-action"):
            found.setdefault(step.id.value, (i, step))
    return found


def _metadata_versioned(metadata: dict[str, tuple[int, Step]], expr_text: str) -> bool:
    """``${{ steps.<id>.outputs.tags }}`` of a docker/metadata-action step with versioned tags:
    the first such step of the job whose ``steps.<id>.`` the expression holds (each ``steps.``
    in it, up to each later dot, looked up by id rather than every step tried)."""
    best: tuple[int, Step] | None = None
    at = expr_text.find("steps.")
    while at >= 0:
        start = at + len("steps.")
        dot = expr_text.find(".", start)
        while dot >= 0:
            hit = metadata.get(expr_text[start:dot])
            if hit is not None and (best is None or hit[0] < best[0]):
                best = hit
            dot = expr_text.find(".", dot + 1)
        at = expr_text.find("steps.", at + 1)
    if best is None:
        return True  # some other dynamic value: assume it carries a version
    tags = best[1].input("tags")
    return tags is None or "${{" in tags.value or any(t in tags.value.replace(" ", "") for t in _VERSIONED_TYPES)


def _image_tags(job: Job) -> Iterator[tuple[str, str, Span, bool, bool]]:
    """(repository, tag, where, dynamic, pushed) for every image a job builds, tags or pushes."""
    metadata: dict[str, tuple[int, Step]] | None = None
    for step in job.steps:
        for cmd in step.commands("docker", "podman", "buildah"):
            words = cmd.words
            args = [w.value for w in words]
            if cmd.command_name not in ("docker", "podman", "buildah") or len(args) < 2:
                continue
            sub = args[1:3]
            if "build" in sub:
                push = "--push" in args or "--output=type=registry" in args
                for i, w in enumerate(words[:-1]):
                    if w.value in ("-t", "--tag"):
                        t = words[i + 1]
                        yield (*split_image_ref(t.value), t.span, "$" in t.value, push)
                    elif w.value.startswith("--tag="):
                        yield (*split_image_ref(w.value[6:]), w.span, "$" in w.value, push)
            elif args[1] in ("tag", "push") and len(words) >= 3:
                for last in [w for w in words[2:] if not w.value.startswith("-")][-1:]:
                    yield (*split_image_ref(last.value), last.span, "$" in last.value, args[1] == "push")
        u = step.uses
        if u is not None and u.is_("docker/build-push-action"):
            tags = step.input("tags")
            if tags is None:
                continue
            push_input = step.input("push")
            pushed = push_input is not None and action_input_bool(push_input.value) is True
            if metadata is None:
                metadata = _metadata_steps(job)
            for repo, tag, where, dyn in _input_tags(metadata, tags):
                yield repo, tag, where, dyn, pushed


def _input_tags(metadata: dict[str, tuple[int, Step]], tags: Str) -> Iterator[tuple[str, str, Span, bool]]:
    if tags.is_single_expr:
        ok = _metadata_versioned(metadata, tags.exprs[0].body)
        yield "<metadata>", "" if not ok else "dynamic", tags.span, ok
        return
    for ref, span in tags.list_items():
        yield (*split_image_ref(ref), span, "${{" in ref or "$" in ref)


@rule(
    id="GHA007",
    name="image-latest-tag",
    title="An image is built or pushed only as :latest",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("deploy", "reproducibility", "docker"),
)
@each_job
def image_latest_tag(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    `latest` (like an environment tag such as `production`, `prod`, `staging`, `stable` or
    `dev`) is a moving pointer: you cannot tell which commit is running, roll back to the
    previous image, or be sure two nodes run the same code. Tag every image you push with
    something immutable, such as the commit SHA (`${{ github.sha }}`) or a release version;
    adding `latest` as an extra tag is fine. Only images the job pushes are reported (a local
    `load: true` test build tagged `latest` is fine). Tags from `docker/metadata-action` count as versioned
    when its `tags:` input uses a `sha`, `semver` or `ref` type (or is left at its default).

    ## Example
        on:
          push:
            branches: [main]
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  docker build -t ghcr.io/acme/app:latest .
                  docker push ghcr.io/acme/app:latest

    ## Use instead
        on:
          push:
            branches: [main]
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  docker build -t ghcr.io/acme/app:${{ github.sha }} -t ghcr.io/acme/app:latest .
                  docker push --all-tags ghcr.io/acme/app
    """
    by_repo: dict[str, list[tuple[str, Span, bool]]] = {}
    pushed: set[str] = set()
    for repo, tag, span, dynamic, push in _image_tags(job):
        by_repo.setdefault(repo, []).append((tag, span, dynamic))
        if push:
            pushed.add(repo)
    for repo, uses in by_repo.items():
        if repo not in pushed or any(
            dyn or (tag not in ("", "latest") and not is_env_tag(tag)) for tag, _s, dyn in uses
        ):
            continue
        tag, span, _d = uses[0]
        what = f"'{repo}'" if repo != "<metadata>" else "the docker/metadata-action tags"
        moving = "'latest'" if tag in ("", "latest") else f"'{tag}', an environment tag overwritten on every deploy"
        yield ctx.finding(
            span,
            f"image {what} is only tagged {moving}; also tag it with '${{{{ github.sha }}}}' or a version",
        )
