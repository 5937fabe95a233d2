from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs_manifest import deprecated_npm_flag
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import replace_word

_SAME_AS_OMIT_DEV = frozenset({"--production", "--production=true", "--only=prod", "--only=production"})


@rule(
    id="DKR014",
    name="deprecated-npm-production-flag",
    title="Deprecated npm --production / --only=production flag",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("npm", "deprecated"),
    fixable=True,
)
def deprecated_npm_production_flag(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Since npm 7, `--production` and `--only=production` are deprecated in favour of
    `--omit=dev`; npm prints a warning and a future major may drop them, at which point the
    image quietly starts shipping devDependencies. yarn's own `--production` is not affected.

    ## Example
        FROM node:20-slim
        RUN npm ci --only=production

    ## Use instead
        FROM node:20-slim
        RUN npm ci --omit=dev

    ## Fix safety
    Safe: `--production`, `--only=prod` and `--only=production` become `--omit=dev`, which npm 7
    and later treat the same way. `--production=false` (which keeps devDependencies) and a flag
    written in quotes are not fixed.
    """
    for stage in df.stages:
        for _, cmd in stage.commands("npm"):
            word = deprecated_npm_flag(cmd)
            if word is not None:
                edit = replace_word(word, "--omit=dev") if word.value in _SAME_AS_OMIT_DEV else None
                fix = Fix("use --omit=dev", (edit,)) if edit else None
                yield ctx.finding(word, f"npm {word.value} is deprecated; use --omit=dev", fix=fix)
