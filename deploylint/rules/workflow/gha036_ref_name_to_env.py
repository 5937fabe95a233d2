from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import attacker_controlled
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step

_FILES = ("GITHUB_ENV", "GITHUB_OUTPUT")
#: release and tag names: free text (release names) or ref names that may hold `$(`, `;`, quotes
_RELEASE_TEXT: dict[tuple[str, ...], str] = {
    ("github", "event", "release", "name"): "the release name",
    ("github", "event", "release", "tag_name"): "the release tag name",
    ("github", "event", "release", "body"): "the release notes",
}
_REF_NAMES: dict[tuple[str, ...], str] = {
    ("github", "ref_name"): "the tag name",
    ("github", "event", "ref"): "the created ref name",
}


@rule(
    id="GHA036",
    name="ref-name-to-env",
    title="A release or tag name is pasted into a write to GITHUB_ENV or GITHUB_OUTPUT",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "injection"),
    security_severity=5.0,
)
@each_step
def ref_name_to_env(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `echo "VERSION=${{ github.event.release.tag_name }}" >> "$GITHUB_ENV"` pastes the name into
    the script before the shell runs. Tag names may hold `$(...)`, backticks, `;` and quotes, and a
    release name any text, newlines included: whoever can push a tag or draft a release then runs
    commands in the job, or sets variables such as `NODE_OPTIONS` for every later step through
    `GITHUB_ENV`. Pass the value through `env:` and write `"VERSION=$TAG"`. Reported: the
    release's name, tag name and notes, and `github.ref_name` in workflows that run on tag pushes
    or releases. Text an outsider controls (`github.head_ref`, titles...) is GHA012's.

    ## Example
        on:
          release:
            types: [published]
        jobs:
          version:
            runs-on: ubuntu-latest
            steps:
              - run: echo "VERSION=${{ github.event.release.tag_name }}" >> "$GITHUB_ENV"

    ## Use instead
        on:
          release:
            types: [published]
        jobs:
          version:
            runs-on: ubuntu-latest
            steps:
              - run: echo "VERSION=$TAG" >> "$GITHUB_ENV"
                env:
                  TAG: ${{ github.event.release.tag_name }}
    """
    tags = _runs_on_tags(wf)
    if step.run is None or not any(p in _RELEASE_TEXT or p in _REF_NAMES for p, _n, _e in step.run.flowing()):
        return
    for cmd in step.commands(*_FILES):
        if not any(f in t.raw for t in cmd.output_files for f in _FILES):
            continue
        for w in cmd.words[1:]:
            if "${{" not in w.raw:
                continue
            for path, node, _e in step.run.flowing():
                at = step.run.node_span(node)
                if not w.span.start_offset <= at.start_offset < w.span.end_offset or attacker_controlled(path):
                    continue
                what = _RELEASE_TEXT.get(path) or (_REF_NAMES.get(path) if tags else None)
                if what is not None:
                    yield ctx.finding(
                        at,
                        f"{what} '{'.'.join(path)}' is pasted into a write to the job's environment or "
                        "outputs; pass it through 'env:'",
                        confidence=Confidence.MEDIUM,
                    )


def _runs_on_tags(wf: Workflow) -> bool:
    """The workflow runs for tag pushes, tag creation or releases (so ``ref_name`` is a tag)."""
    if wf.events & {"release", "create"}:
        return True
    push = wf.trigger("push")
    return push is not None and push.filter("tags") is not None
