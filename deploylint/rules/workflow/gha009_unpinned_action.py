import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Location, Severity
from deploylint.models.images import ImageRef
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses

_BRANCHES = {"main", "master", "develop", "dev", "trunk", "head", "latest", "nightly", "stable"}
#: a comment that only states a version (``# v4``, ``# 4.1.0``, ``# pin @v2``, ``# tag=v1``): the fix replaces it
_VERSION_COMMENT = re.compile(r"(?:pin\s*|tag\s*[=:]\s*)?@?v?\d+(?:\.\d+)*(?:[-+][\w.-]+)?", re.IGNORECASE)


def _power(wf: Workflow, job: Job, step: Step) -> str | None:
    """Why a moved ref in the step would reach a credential: "" when the step is handed a secret
    or the token, the action or command of an earlier step of its job that left a credential (a
    registry login, cloud credentials), None when neither."""
    if step.hands_secret(job.env, wf.env):
        return ""
    return job.credential_before(step)


def _tagged(image: ImageRef) -> bool:
    """The image names a version tag (not none, not ``latest``): it moves only if re-pushed."""
    return not image.is_pinned and bool(image.tag) and not image.is_latest


@rule(
    id="GHA009",
    name="unpinned-action",
    title="A third-party action is not pinned to a commit SHA",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=6.0,
    aliases=("unpinned-uses",),
    fixable=True,
)
@each_uses
def unpinned_action(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    A tag or branch can be moved to different code at any time, by the action's owner or by
    whoever compromises their account, and your next run executes it with your secrets. A full
    commit SHA cannot move. Write the version in a comment after it (`@<sha> # v4.2.1`) so
    updaters such as Dependabot and Renovate keep both current. By default `actions/*` and
    `github/*` (published by GitHub) may use tags, but not branch names such as `main`; everything
    else must be hash-pinned. `docker://` images must carry a `@sha256:` digest.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: docker/setup-buildx-action@v3

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: docker/setup-buildx-action@e468171a9de216ec08956ac3ada2f0791b6bd435 # v3.11.1

    A tag-pinned action in a step that is handed no secret (`with:`/`env:` of the step, job or
    workflow hold no `secrets.*` nor `github.token`) and that runs before any step of its job
    leaves a credential behind (`docker/login-action`, `aws-actions/configure-aws-credentials`,
    `google-github-actions/auth`, `docker login`...) is `info`, and so is a `docker://` image
    with a version tag in such a step: whether its publisher's tags are trusted is a policy the
    file does not show. Its job's own token is within reach of such an action too (checkout
    persists it), so the `strict` preset raises these back to warnings. Branch refs, untagged or
    `latest` images, and actions handed a secret or running after a login, stay warnings.

    ## Options
    `pin-policy` in `[tool.deploylint.workflow]` maps owner globs to `hash-pin`, `ref-pin` or
    `any`; the most specific glob wins. Globs are `*`, `owner/*`, `owner/repo` or
    `owner/repo/path` (`*` and `?` match anywhere), or `docker://` and an image glob; a glob of
    another shape (`actions`, `actions/checkout@v4`) or another policy is a config error
    (exit 2) that names the closest valid one. The default is
    `{"actions/*" = "ref-pin", "github/*" = "ref-pin", "*" = "hash-pin"}`; zizmor's policy is
    `{"*" = "hash-pin"}`.

    ## Fix safety
    Unsafe, and only where the ref's commit is known without the network: from the cache of
    resolved refs (`.deploylint_cache/refs.json` in the scan root, or the file `DEPLOYLINT_REFS`
    names), which `deploylint check --online` fills from the GitHub API (see "Pinning actions" in
    docs/fixes.md). The ref becomes the commit SHA and the comment after it the fullest version
    at that commit (`@v4` -> `@<sha> # v4.1.7`; never `# v4` when a fuller tag exists); the
    sub-path (`github/codeql-action/init`) and the quotes stay. A comment that only states a
    version is replaced; any other comment is kept after the version (`# v4.1.7 # build`). The
    same code runs as on the day the ref was resolved, but the workflow stops following the tag:
    fixes published under `v4` arrive only through an updater (Dependabot, Renovate), and a
    cached resolution may be older than the tag now. Branch refs (`@main`) are never pinned,
    and the finding says so: a branch names no release, and pinning it freezes whatever commit
    it had. `docker://` images, local actions and values followed by more flow-style YAML on
    their line are not fixed.

    ## Differences from zizmor
    zizmor hash-pins everything by default (since 1.20); deploylint lets GitHub's own actions use
    tags unless configured otherwise.
    """
    # a step handed no secret and no write token: a moving reference there is of less consequence
    power = _power(wf, job, step) if step is not None else ""
    quiet = power is None
    after = f" and runs after '{power}' left a credential in the job" if power else ""
    image = ref.image_ref
    if image is not None:
        if not image.is_pinned and wf.pin_policy.policy_for("docker://" + ref.image.lower()) == "hash-pin":
            yield ctx.finding(
                ref,
                f"image '{ref.image}' is not pinned by digest ('@sha256:...')",
                severity=Severity.INFO if quiet and _tagged(image) else None,
            )
        return
    if ref.kind != "repo" or ref.is_sha_pinned:
        return
    pol = wf.pin_policy.policy_for(ref.name)
    if pol == "any":
        return
    # the workflow's own conditions say the repository belongs to the action's publisher
    first_party = ref.owner.lower() in wf.home_owners
    own = f" (a first-party action of '{ref.owner}')" if first_party else ""
    if pol == "hash-pin":
        fix, related = _pin(ref, ctx)
        yield ctx.finding(
            ref,
            f"'{ref.raw.value}' is not pinned to a commit SHA{own}{after}; use '{ref.name}@<sha> # {ref.ref}'",
            severity=Severity.INFO if first_party or (quiet and ref.ref.lower() not in _BRANCHES) else None,
            fix=fix,
            related=related,
        )
    elif ref.ref.lower() in _BRANCHES:
        yield ctx.finding(
            ref,
            f"'{ref.raw.value}' follows the branch '{ref.ref}'{own}; pin a tag or a commit SHA",
            severity=Severity.INFO if first_party else None,
        )


def _pin(ref: ActionRef, ctx: Context) -> tuple[Fix | None, tuple[Location, ...]]:
    """The fix that pins ``ref`` to the commit the refs cache holds for it (or none), and for a
    branch a related location saying why it is not pinned."""
    from deploylint import pins

    pin = pins.lookup(ctx.settings, ref.slug, ref.ref)
    if ref.ref.lower() in _BRANCHES or (pin is not None and pin.kind == "branch"):
        note = f"no fix: '{ref.ref}' is a branch; pin the commit of a release tag instead"
        return None, (ctx.location(ref, note=note),)
    if pin is None:
        return None, ()
    s = ref.raw
    at = s.value.rfind("@")
    if s.style not in ("", "'", '"') or s.span.start_line != s.span.end_line or at < 0:
        return None, ()
    start = at + 1
    end = start + len(s.value[start:].rstrip())
    src = s.file
    line_end = src.line_start(s.span.end_line + 1) if s.span.end_line < src.line_count else len(src.text)
    rest = src.text[s.span.end_offset : line_end].rstrip("\r\n")
    edits = [Edit(s.span_of(start, end), pin.sha)]
    if not rest.strip():
        edits.append(Edit(src.insertion(s.span.end_offset), f" # {pin.version}"))
    elif rest.lstrip().startswith("#"):
        hash_at = s.span.end_offset + rest.index("#")
        old = rest.lstrip()[1:].strip()
        if old == ref.ref or _VERSION_COMMENT.fullmatch(old):
            edits.append(Edit(src.span(hash_at, s.span.end_offset + len(rest.rstrip())), f"# {pin.version}"))
        else:
            edits.append(Edit(src.insertion(hash_at), f"# {pin.version} "))
    else:
        return None, ()  # more flow-style YAML follows on the line: a comment would swallow it
    return Fix(f"pin to {pin.sha[:12]} ({pin.version})", tuple(edits), Applicability.UNSAFE), ()
