from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Step, Workflow
from deploylint.registry import Kind, rule

# actions that restore a cache when an input says so: (action, input, on-by-default)
_OPT = {
    "actions/setup-node": ("cache", False),
    "actions/setup-python": ("cache", False),
    "actions/setup-java": ("cache", False),
    "actions/setup-dotnet": ("cache", False),
    "actions/setup-go": ("cache", True),
    "astral-sh/setup-uv": ("enable-cache", False),
    "oven-sh/setup-bun": ("no-cache", False),
    "pnpm/action-setup": ("cache", False),
}
_ALWAYS = ("actions/cache", "actions/cache/restore", "swatinem/rust-cache", "mozilla-actions/sccache-action")


def _restores_cache(step: Step) -> bool:
    u = step.uses
    if u is None or u.kind != "repo":
        return False
    lookup = step.input("lookup-only")
    if lookup is not None and lookup.value.strip().lower() == "true":
        return False
    if u.name in _ALWAYS or u.slug == "swatinem/rust-cache":
        return True
    opt = _OPT.get(u.slug)
    if opt is None or u.path:
        return False
    name, default = opt
    v = step.input(name)
    if v is None:
        if u.slug == "actions/setup-go":
            return not u.ref.startswith(("v1", "v2", "v3"))
        return default
    val = v.value.strip().lower()
    if name == "no-cache":
        return val != "true"
    return val not in ("", "false")


_PUBLISHERS = (
    "softprops/action-gh-release",
    "pypa/gh-action-pypi-publish",
    "goreleaser/goreleaser-action",
    "ncipollo/release-action",
    "rubygems/release-gem",
    "js-devtools/npm-publish",
)


def _publishing(wf: Workflow) -> bool:
    if wf.events & {"release", "registry_package"}:
        return True
    push = wf.trigger("push")
    if push is None:
        return False
    if push.filter("tags") is not None:
        return True
    branches = push.filter("branches")
    return branches is not None and any(b.value.lower().startswith("release") for b in branches.items)


def _job_publishes(steps: tuple[Step, ...]) -> bool:
    for step in steps:
        if step.uses is not None and step.uses.is_(*_PUBLISHERS):
            return True
        for cmd in step.commands("cargo", "npm", "gem", "twine", "goreleaser"):
            args = cmd.args[:2]
            if (cmd.name in ("cargo", "npm", "gem", "twine") and ("publish" in args or "upload" in args or "push" in args)) or cmd.name == "goreleaser":
                return True
    return False


@rule(
    id="GHA020",
    name="cache-poisoning",
    title="A release workflow restores a cache",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=7.0,
    aliases=("cache-poisoning",),
)
def cache_poisoning(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Caches are shared across a repository's workflows: any workflow run on the default branch
    (including one a pull request can influence, or a compromised CI job) can write entries that
    a later release restores. A poisoned cache in a release or publish workflow ends up inside
    the artifacts you ship. Do not restore caches in workflows triggered by releases, tag pushes
    or pushes to `release*` branches, nor in jobs that publish (`cargo publish`, `npm publish`,
    `twine upload`, release actions); build releases from a clean state.

    ## Example
        on:
          release:
            types: [published]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
                with:
                  cache: npm
              - run: npm ci && npm publish

    ## Use instead
        on:
          release:
            types: [published]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
              - run: npm ci && npm publish

    ## Differences from zizmor
    zizmor's publisher and trigger heuristics differ in details (it knows more publishing actions
    and caching defaults); deploylint reports at medium confidence.
    """
    release = _publishing(wf)
    for job in wf.jobs:
        if not (release or _job_publishes(job.steps)):
            continue
        for step in job.steps:
            if not _restores_cache(step):
                continue
            assert step.uses is not None
            yield ctx.finding(
                step.uses,
                f"`{step.uses.slug}` restores a cache in a job that publishes; a poisoned cache ships in the release.",
                confidence=Confidence.MEDIUM,
            )
