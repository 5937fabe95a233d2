from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR073",
    name="required-label-missing",
    title="Image without a label the label schema requires",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("metadata",),
    aliases=("DL3049",),
)
def required_label_missing(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Registries, scanners and deploy tooling read labels such as
    `org.opencontainers.image.source` or `org.opencontainers.image.revision` to tell where an
    image comes from. With a label schema configured, every image the file produces must carry
    each of its labels: each stage that no other stage builds FROM or copies from, its labels
    inherited through `FROM <stage>` counted. Without a schema the rule does nothing.

    ## Example
        # (no example: the rule only runs with [tool.deploylint.dockerfile] required-labels)

    ## Use instead
        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/example/app"

    ## Options
    `[tool.deploylint.dockerfile] required-labels`: a table of label key to the form of its
    value (`text`, `url`, `rfc3339`, `spdx`, `hash`, `semver`, `email`), for example
    `required-labels = { "org.opencontainers.image.source" = "url" }`. The forms are checked
    by DKR074; DKR075 reports labels outside the schema when `strict-labels = true`. hadolint's
    `label-schema` and `strict-labels` settings map here.

    ## Differences from hadolint
    DL3049 also fires on a stage that another stage builds FROM; here only the images the file
    produces must carry the labels, so a label set in the final stage is enough.
    """
    if not df.label_schema:
        return
    for stage in df.result_stages:
        labels = df.labels_of(stage)
        missing = [key for key, _ in df.label_schema if key not in labels]
        if missing:
            shown = ", ".join(f"'{k}'" for k in missing)
            yield ctx.finding(stage.from_.keyword, f"stage '{stage.display_name}' has no label {shown}")
