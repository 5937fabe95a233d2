from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.yaml_edit import delete_pair


@rule(
    id="CMP009",
    name="obsolete-version-field",
    title="Top-level `version:` is obsolete",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("deprecated",),
    aliases=("no-version-field",),
    fixable=True,
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

    ## Fix safety
    Safe: Compose ignores the field. The fix deletes the `version:` line (with a comment at its
    end); comments on other lines stay. A `version` written inside a flow mapping is not fixed.
    """
    if model.version is not None:
        yield ctx.finding(model.version, "the top-level 'version' field is obsolete; remove it", fix=_delete(model))


def _delete(model: ComposeFile) -> Fix | None:
    pair = model.root.pair("version") if model.root is not None else None
    edit = delete_pair(model.source, pair) if pair is not None else None
    return Fix("remove the 'version' line", (edit,)) if edit is not None else None
