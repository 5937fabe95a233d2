import fnmatch
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow, split_image_ref
from deploylint.registry import Kind, rule

DEFAULT_POLICY = {"actions/*": "ref-pin", "github/*": "ref-pin", "*": "hash-pin"}
_BRANCHES = {"main", "master", "develop", "dev", "trunk", "head", "latest", "nightly", "stable"}


def policy_for(wf: Workflow, name: str) -> str:
    """The pin policy (hash-pin, ref-pin or any) of ``owner/repo[/path]``; most specific glob wins."""
    configured = wf.deploy_settings.get("pin-policy") or wf.deploy_settings.get("pin_policy")
    table = dict(configured) if isinstance(configured, dict) else DEFAULT_POLICY
    best: tuple[int, str] | None = None
    for glob, pol in table.items():
        if fnmatch.fnmatchcase(name, str(glob).lower()):
            score = len(str(glob).replace("*", ""))
            if best is None or score > best[0]:
                best = (score, str(pol))
    return best[1] if best else "hash-pin"


def _handed_power(wf: Workflow, job: Job, step: Step) -> bool:
    """The step gets a secret or the token, or its job's token can write."""
    perms = job.permissions if job.permissions is not None else wf.permissions
    writes = perms is not None and (
        bool(perms.writes()) or (perms.whole is not None and perms.whole.value == "write-all")
    )
    return step.hands_secret(job.env, wf.env) or writes


def _tagged(image: str) -> bool:
    """The image names a version tag (not none, not ``latest``): it moves only if re-pushed."""
    _repo, tag = split_image_ref(image)
    return tag not in ("", "latest", "@digest")


def _refs(wf: Workflow) -> Iterator[ActionRef]:
    for job in wf.jobs:
        if job.uses is not None:
            yield job.uses
        for step in job.steps:
            if step.uses is not None:
                yield step.uses


@rule(
    id="GHA009",
    name="unpinned-action",
    title="A third-party action is not pinned to a commit SHA",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=6.0,
    aliases=("unpinned-uses",),
)
def unpinned_action(wf: Workflow, ctx: Context) -> Iterator[Finding]:
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
    workflow hold no `secrets.*` nor `github.token`) in a job whose token has no write scope can
    only leak what the job's files hold: that is `info`, and so is a `docker://` image with a
    version tag in such a step. Branch refs, untagged or `latest` images, and actions handed a
    secret or running beside a write token, stay warnings.

    ## Options
    `pin-policy` in `[tool.deploylint.workflow]` maps owner globs to `hash-pin`, `ref-pin` or
    `any`; the most specific glob wins. The default is
    `{"actions/*" = "ref-pin", "github/*" = "ref-pin", "*" = "hash-pin"}`; zizmor's policy is
    `{"*" = "hash-pin"}`.

    ## Differences from zizmor
    zizmor hash-pins everything by default (since 1.20); deploylint lets GitHub's own actions use
    tags unless configured otherwise.
    """
    quiet = {id(s.uses) for j, s in wf.steps() if s.uses is not None and not _handed_power(wf, j, s)}
    for ref in _refs(wf):
        if ref.kind == "docker":
            if "@sha256:" not in ref.image and policy_for(wf, "docker://" + ref.image.lower()) == "hash-pin":
                yield ctx.finding(
                    ref,
                    f"image '{ref.image}' is not pinned by digest ('@sha256:...')",
                    severity=Severity.INFO if id(ref) in quiet and _tagged(ref.image) else None,
                )
            continue
        if ref.kind != "repo" or ref.is_sha_pinned:
            continue
        pol = policy_for(wf, ref.name)
        if pol == "any":
            continue
        if pol == "hash-pin":
            yield ctx.finding(
                ref,
                f"'{ref.raw.value}' is not pinned to a commit SHA; use '{ref.name}@<sha> # {ref.ref}'",
                severity=Severity.INFO if id(ref) in quiet and ref.ref.lower() not in _BRANCHES else None,
            )
        elif ref.ref.lower() in _BRANCHES:
            yield ctx.finding(ref, f"'{ref.raw.value}' follows the branch '{ref.ref}'; pin a tag or a commit SHA")
