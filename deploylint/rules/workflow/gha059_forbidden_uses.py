from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.models.workflow_uses import UsesPatterns, parse_uses_pattern
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses


def _policy(wf: Workflow) -> tuple[str, UsesPatterns] | None:
    """("allow" or "deny", its patterns) from ``[tool.deploylint.workflow] forbidden-uses``; None
    when it is not set (the config loader has already refused a malformed one). Built once per
    config mapping, not once per ``uses:``."""
    raw = wf.deploy_settings.get("forbidden-uses") or wf.deploy_settings.get("forbidden_uses")
    if not isinstance(raw, dict):
        return None
    known = _BUILT.get(id(raw))
    if known is not None and known[0] is raw:
        return known[1]
    policy: tuple[str, UsesPatterns] | None = None
    for mode in ("allow", "deny"):
        patterns = raw.get(mode)
        if isinstance(patterns, list):
            parsed = [parse_uses_pattern(p) for p in patterns if isinstance(p, str)]
            policy = mode, UsesPatterns([p for p in parsed if p is not None])
            break
    if len(_BUILT) > 16:
        _BUILT.clear()
    _BUILT[id(raw)] = (raw, policy)
    return policy


#: policies built, by the identity of the config mapping they came from (kept with it, so a
#: reused id cannot answer for another mapping)
_BUILT: dict[int, tuple[object, tuple[str, UsesPatterns] | None]] = {}


@rule(
    id="GHA059",
    name="forbidden-uses",
    title="An action the configured allow or deny list forbids is used",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("security", "supply-chain", "policy"),
    security_severity=6.0,
    aliases=("forbidden-uses",),
)
@each_uses
def forbidden_uses(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    Many organisations allow only actions they have reviewed, or ban some they know to be
    unsafe. With `forbidden-uses` set, this reports every `uses:` of an action (a step's or a
    reusable-workflow call's) that the list forbids: with `allow`, any action that matches none
    of the patterns; with `deny`, any action that matches one. Local actions (`./`, `$/`) and
    `docker://` images are not actions of a repository and are never reported. Without the
    setting the rule does nothing.

    ## Example
        # (no example: the rule only runs with forbidden-uses set)

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4

    ## Options
    `forbidden-uses` in `[tool.deploylint.workflow]`, an `allow` or a `deny` list (not both) of
    patterns: `*` (every action), `owner/*` (every action of the owner), `owner/repo/*` (the
    repository, whatever the path), `owner/repo` or `owner/repo/path` (exactly that action), and
    the last two with `@ref` (only that ref). Names compare case-insensitively, refs exactly. A
    malformed pattern or an unknown key is a config error (exit 2):

        [tool.deploylint.workflow]
        forbidden-uses = { allow = ["actions/*", "github/codeql-action/*", "docker/login-action@v3"] }

    ## Differences from zizmor
    The patterns are zizmor's repository patterns; zizmor's `rules.forbidden-uses.config` maps to
    this setting.
    """
    if ref.kind != "repo":
        return
    policy = _policy(wf)
    if policy is None:
        return
    mode, patterns = policy
    hit = patterns.first_match(ref)
    name = f"{ref.owner}/{ref.repo}" + (f"/{ref.path}" if ref.path else "") + f"@{ref.ref}"
    if mode == "allow" and hit is None:
        yield ctx.finding(ref, f"'{name}' is not on the forbidden-uses allow list")
    elif mode == "deny" and hit is not None:
        yield ctx.finding(ref, f"'{name}' is forbidden by the deny list (pattern '{hit.text}')")
