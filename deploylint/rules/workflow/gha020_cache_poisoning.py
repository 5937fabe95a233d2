from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Binary, Call, Lit, Node, Unary, literal_comparison, path_of
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Step, Str, Workflow
from deploylint.models.workflow_deploy import is_publishing, step_deploy_reasons
from deploylint.models.workflow_release import builds_releases, releases_from_tags_only
from deploylint.registry import Kind, rule
from deploylint.truth import env_flag

# actions that restore a cache when an input says so: action -> (input, on when the input is
# absent, the input turns caching *off*)
_OPT = {
    "actions/setup-node": ("cache", False, False),
    "actions/setup-python": ("cache", False, False),
    "actions/setup-java": ("cache", False, False),
    "actions/setup-dotnet": ("cache", False, False),
    "actions/setup-go": ("cache", True, False),
    "astral-sh/setup-uv": ("enable-cache", False, False),
    "oven-sh/setup-bun": ("no-cache", False, True),
    "pnpm/action-setup": ("cache", False, False),
    "pyo3/maturin-action": ("sccache", False, False),
    "ramsey/composer-install": ("ignore-cache", True, True),
}
_ALWAYS = ("actions/cache", "actions/cache/restore", "swatinem/rust-cache", "mozilla-actions/sccache-action")


def _restores_cache(step: Step) -> bool:
    u = step.uses
    if u is None or u.kind != "repo":
        return False
    lookup = step.input("lookup-only")
    if lookup is not None and env_flag(lookup.value) is True:
        return False
    if u.name in _ALWAYS or u.slug == "swatinem/rust-cache":
        return True
    opt = _OPT.get(u.slug)
    if opt is None or u.path:
        return False
    name, absent, turns_off = opt
    v = step.input(name)
    if v is None:
        if u.slug == "actions/setup-go":
            return not u.ref.startswith(("v1", "v2", "v3"))
        return absent
    # an action reads its toggle as a switch; an expression may be true at run time: caching may be on
    flag = env_flag(v.value)
    return flag is not True if turns_off else flag is not False


def _setup_node_auto_cache(step: Step) -> bool:
    """actions/setup-node v5 or later with no ``cache`` input: it caches npm's store on its own
    when package.json names npm as the package manager (``packageManager``), unless
    ``package-manager-cache: false``. The version is the ref, or for a SHA the comment after it."""
    u = step.uses
    if u is None or u.name != "actions/setup-node" or step.input("cache") is not None:
        return False
    off = step.input("package-manager-cache")
    if off is not None and env_flag(off.value) is False:
        return False
    version = (u.comment if u.is_sha_pinned else u.ref).strip().removeprefix("tag=").lstrip("v")
    major = version.split(".", 1)[0]
    return major.isdigit() and int(major) >= 5


def _toggle(step: Step) -> Str | None:
    """The input that switches caching on (not one that switches it off), if the step has one."""
    u = step.uses
    opt = _OPT.get(u.slug) if u is not None else None
    if opt is None or opt[2]:
        return None
    return step.input(opt[0])


def _compares_ref_type_to_tag(node: Binary) -> bool:
    """``github.ref_type <op> 'tag'`` (either order)."""
    got = literal_comparison(node)
    return got is not None and got[0] == ("github", "ref_type") and got[1].value == "tag"


def _is_tag_ref(node: Node) -> bool:
    """``startsWith(github.ref, 'refs/tags/')`` or ``github.ref_type == 'tag'``: true exactly on tags."""
    if isinstance(node, Call) and node.lname == "startswith" and len(node.args) == 2:
        target, prefix = node.args
        return path_of(target) == ("github", "ref") and isinstance(prefix, Lit) and prefix.value == "refs/tags/"
    return isinstance(node, Binary) and node.op == "==" and _compares_ref_type_to_tag(node)


def _off_on_tags(value: Str) -> bool:
    """A toggle written as ``${{ !<tag test> }}`` or ``${{ github.ref_type != 'tag' }}``."""
    if not value.is_single_expr or value.exprs[0].node is None:
        return False
    node = value.exprs[0].node
    if isinstance(node, Unary) and node.op == "!":
        return _is_tag_ref(node.operand)
    return isinstance(node, Binary) and node.op == "!=" and _compares_ref_type_to_tag(node)


_PUBLISHERS = (
    "softprops/action-gh-release",
    "pypa/gh-action-pypi-publish",
    "goreleaser/goreleaser-action",
    "ncipollo/release-action",
    "rubygems/release-gem",
    "js-devtools/npm-publish",
)


def _job_publishes(wf: Workflow, steps: tuple[Step, ...]) -> bool:
    for step in steps:
        if any(is_publishing(w) for w in step_deploy_reasons(wf, step)):
            return True  # an image push (docker push, build-push-action push: true) publishes
        if step.uses is not None and step.uses.is_(*_PUBLISHERS):
            return True
        for cmd in step.commands("cargo", "npm", "gem", "twine", "goreleaser"):
            args = cmd.arg_values[:2]
            if (
                cmd.command_name in ("cargo", "npm", "gem", "twine")
                and ("publish" in args or "upload" in args or "push" in args)
            ) or cmd.command_name == "goreleaser":
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
    `twine upload`, release actions, and image pushes: `docker push`, `docker/build-push-action`
    or `docker/bake-action` with `push: true`); build releases from a clean state.

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

    `actions/setup-node` from v5 on caches npm's store without a `cache` input when package.json
    names npm in `packageManager`; the file alone does not show whether it does, so such a step
    (without `package-manager-cache: false`) is `info` at low confidence.

    A caching input written so that it is off on tag refs (`sccache: ${{ !startsWith(github.ref,
    'refs/tags/') }}`, `${{ github.ref_type != 'tag' }}`) is not reported when every release-like
    trigger of the workflow is tied to a tag (`release`, `push: tags`).

    ## Differences from zizmor
    zizmor's publisher and trigger heuristics differ in details (it knows more publishing actions
    and caching defaults); deploylint reports at medium confidence. zizmor also accepts
    `!(github.event_name == 'push' && github.ref_type == 'tag')` in a workflow with a `release`
    trigger; deploylint does not, because that expression is true for `release` events.
    """
    release = builds_releases(wf)
    for job in wf.jobs:
        if not (release or _job_publishes(wf, job.steps)):
            continue
        for step in job.steps:
            if not _restores_cache(step):
                if _setup_node_auto_cache(step):
                    assert step.uses is not None
                    yield ctx.finding(
                        step.uses,
                        f"'{step.uses.name}' caches npm's store on its own when package.json names npm "
                        "(since v5) in a job that publishes; set 'package-manager-cache: false'",
                        confidence=Confidence.LOW,
                        severity=Severity.INFO,
                    )
                continue
            toggle = _toggle(step)
            if release and toggle is not None and _off_on_tags(toggle) and releases_from_tags_only(wf):
                # caching is off in every run that can build a release (tag refs)
                continue
            assert step.uses is not None
            yield ctx.finding(
                step.uses,
                f"'{step.uses.slug}' restores a cache in a job that publishes; a poisoned cache ships in the release",
                confidence=Confidence.MEDIUM,
            )
