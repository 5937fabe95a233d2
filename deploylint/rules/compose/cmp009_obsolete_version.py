from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP009",
    name="obsolete-version-field",
    title="Top-level `version:` is obsolete",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("deprecated",),
    aliases=("no-version-field",),
)
def obsolete_version(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    The Compose Specification ignores `version:`; Docker Compose v2 prints a warning for it. It
    suggests that the file follows the rules of an old file format, which it does not. Delete the
    line.

    ## Example
        version: "3.8"
        services:
          web:
            image: nginx:1.27

    ## Use instead
        services:
          web:
            image: nginx:1.27
    """
    if model.version is not None:
        yield ctx.finding(model.version, "the top-level 'version' field is obsolete; remove it")
