from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.pragmas import Tool, parse_pragma
from deploylint.registry import Kind, Status, rule

#: the suppression syntaxes this rule reports (BuildKit's check directive and zizmor's are not)
_REPORTED = frozenset({Tool.DEPLOYLINT, Tool.HADOLINT, Tool.TRIVY, Tool.CHECKOV})


@rule(
    id="DKR049",
    name="ignore-pragma-used",
    title="Inline suppression comment used",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("policy",),
    aliases=("DL1001",),
    status=Status.PREVIEW,
)
def ignore_pragma_used(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Some teams want findings handled centrally (config, baseline) rather than switched off by
    whoever edits the Dockerfile. This opt-in policy rule reports every inline suppression:
    `# deploylint: ignore[...]`, `# hadolint ignore=...` (also `global`/`stage`),
    `# trivy:ignore:...` and `# checkov:skip=...`. It is off by default (preview status): turn
    it on with `extend-select = ["DKR049"]`, or with `override: {error: [DL1001]}` in a
    `.hadolint.yaml`. `--no-ignores` switches the suppressions themselves off.

    ## Example
        FROM alpine:3.20
        # hadolint ignore=DL3018
        RUN apk add --no-cache curl

    ## Use instead
        FROM alpine:3.20
        RUN apk add --no-cache curl=8.11.1-r0

    ## Differences from hadolint
    DL1001 only knows hadolint's own pragma; every suppression syntax deploylint honours counts
    here.
    """
    for comment in df.comments:
        pragma = parse_pragma(comment.text, directive=comment.directive)
        if pragma is not None and pragma.tool in _REPORTED:
            yield ctx.finding(comment.span, "inline suppression: handle this finding in the config instead")
