import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Arg, Dockerfile, Env
from deploylint.models.secrets import secret_kind
from deploylint.registry import Kind, rule

_TOKENS = frozenset(
    {"apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"}
)
_EXEMPT = frozenset({"public", "file", "version", "path", "url", "id", "name", "user", "username", "dir", "type"})
_SPLIT = re.compile(r"[_\-.]+")


@rule(
    id="DKR045",
    name="secret-build-arg",
    title="Secret passed as a build argument",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    aliases=("SecretsUsedInArgOrEnv",),
    security_severity=6.5,
)
def secret_build_arg(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ARG NPM_TOKEN` filled with `--build-arg NPM_TOKEN=...` ends up in the image's build history
    and provenance, and `ENV TOKEN=$NPM_TOKEN` copies it into the image config where every
    `docker inspect` shows it. Use a build secret (`RUN --mount=type=secret`), which never lands
    in a layer. This fires on a name with a secret word (`password`, `token`, `secret`, `key`,
    `auth`, `credentials`...) as a `_`-separated part, when the value is not a literal: a
    literal secret value is DKR008's. Names that also say `file`, `path`, `id`, `user`,
    `public`, `version`... (`GPG_KEY_ID`, `SECRET_FILE`) pass.

    ## Example
        FROM node:20-slim
        ARG NPM_TOKEN
        RUN npm ci

    ## Use instead
        # syntax=docker/dockerfile:1
        FROM node:20-slim
        RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci

    An `ENV` that copies an `ARG` whose default is a dummy (`ARG API_KEY=""`, a placeholder such
    as `changeme`, `deadbeef` or `cafebabe`) is `info`: the image holds a real value only if the build passes
    one, which the file does not show.

    ## Differences from hadolint
    DL3064 (an alias of DKR008) and BuildKit's check look at names only; here names with a
    literal value are left to DKR008, which also checks the value, and names are split into
    words so that `KEYBOARD_LAYOUT` or `TOKENIZER_MODEL` pass.
    """
    dummy_args: dict[str, bool] = {}  # ARG name -> its default is a dummy (empty, a placeholder)
    for ins in df.walk():
        if not isinstance(ins, (Arg, Env)):
            continue
        for pair in ins.pairs:
            if isinstance(ins, Arg):
                dummy_args[pair.name] = pair.raw_value is not None and _dummy(pair.name, pair.raw_value)
            if pair.raw_value is not None and "$" not in pair.raw_value:
                continue  # a literal (or empty) value: DKR008's concern
            words = {w.lower() for w in _SPLIT.split(pair.name) if w}
            if words & _TOKENS and not words & _EXEMPT:
                how = "as a build argument" if isinstance(ins, Arg) else "into the image config"
                msg = f"{pair.name} looks like a secret passed {how}; use RUN --mount=type=secret"
                from_dummy = isinstance(ins, Env) and dummy_args.get(_single_var(pair.raw_value or "") or "", False)
                yield ctx.finding(pair.key, msg, severity=Severity.INFO if from_dummy else None)


def _single_var(raw: str) -> str | None:
    """``$NAME``, ``${NAME}`` or ``"$NAME"``: the one variable the value is, else None."""
    v = raw.strip().strip("\"'")
    name = v[2:-1] if v.startswith("${") and v.endswith("}") else v[1:] if v.startswith("$") else ""
    return name if name.isidentifier() else None


def _dummy(name: str, raw: str) -> bool:
    """An ARG default that is no real secret: empty or a placeholder (the shared vocabulary)."""
    v = raw.strip().strip("\"'")
    return "$" not in v and (not v or secret_kind(name, v) is None)
