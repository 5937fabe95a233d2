from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Label
from deploylint.models.labels import describe, valid
from deploylint.registry import Kind, rule


@rule(
    id="DKR074",
    name="label-value-invalid",
    title="Label value not of the form the label schema gives",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("metadata",),
    aliases=("DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"),
)
def label_value_invalid(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A label that tooling parses is only useful in the form it expects: a source URL that is not
    a URL, a build date that is not an RFC 3339 date-time or a licence that is not an SPDX
    expression is skipped or misread downstream. With a label schema configured, each label it
    names is checked against its form: `url` (an absolute URL with a host), `rfc3339`
    (`2024-05-01T12:00:00Z`), `spdx` (`MIT`, `Apache-2.0 OR MIT`; a licence outside the
    common list can be written `LicenseRef-<name>`), `hash` (a git commit hash of 7 to 40 hex
    digits), `semver` (`1.2.3`, `1.2.3-rc.1`), `email`; `text` takes any value. Values taken
    from a variable (`$BUILD_DATE`) pass: they are known only at build time.

    ## Example
        # (no example: the rule only runs with [tool.deploylint.dockerfile] required-labels)

    ## Use instead
        FROM alpine:3.20
        LABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"

    ## Options
    The forms come from `[tool.deploylint.dockerfile] required-labels` (see DKR073).

    ## Differences from hadolint
    DL3052-DL3058 are one rule each; here one rule checks every form, and a value from a
    variable is not reported. hadolint checks SPDX ids against the whole SPDX list; here a
    list of common licences is known and others are written as `LicenseRef-`.
    """
    forms = dict(df.label_schema)
    if not forms:
        return
    for ins in df.walk():
        if not isinstance(ins, Label):
            continue
        for pair in ins.pairs:
            form = forms.get(pair.name)
            if form is None or form == "text" or not pair.is_literal or pair.text is None:
                continue
            if not valid(form, pair.text):
                target = pair.value if pair.value is not None else pair.key
                yield ctx.finding(target, f"label '{pair.name}' is not {describe(form)}")
