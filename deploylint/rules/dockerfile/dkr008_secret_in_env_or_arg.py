from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Arg, Dockerfile, Env
from deploylint.models.secrets import secret_kind
from deploylint.registry import Kind, rule


@rule(
    id="DKR008",
    name="secret-in-env-or-arg",
    title="Secret in ENV or ARG",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    aliases=("DS-0031", "DL3064"),
    security_severity=7.5,
)
def secret_in_env_or_arg(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    ENV values are baked into the image config and ARG values into its build history: anyone who
    can pull the image can read them with `docker history` or `docker inspect`. This fires on a
    secret-like name (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`...) with a literal value, and
    on any value in a known token format (`ghp_...`, `AKIA...`, `xoxb-...`, private-key blocks).
    Values that only reference another variable (`$NPM_TOKEN`) pass. The secret is never printed.

    ## Example
        FROM node:20-slim
        ENV NPM_TOKEN=npm_8f3c0d9a1b2e4f5a6b7c8d9e0f1a2b3c4d5e

    ## Use instead
        # syntax=docker/dockerfile:1
        FROM node:20-slim
        RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci

    ## Differences from hadolint
    DL3064 and BuildKit's SecretsUsedInArgOrEnv look at the name alone, so `ARG NPM_TOKEN`
    without a value fires there; a value-less ARG leaks nothing by itself, so it passes here.
    """
    for ins in df.walk():
        if not isinstance(ins, (Env, Arg)):
            continue
        for pair in ins.pairs:
            raw = pair.raw_value
            if raw is None or pair.value is None:
                continue
            kind = secret_kind(pair.name, pair.value.value, literal=pair.is_literal)
            if kind is None:
                continue
            token = kind != "name"
            article = "an" if kind[0] in "AEIOU" else "a"
            what = f"{article} {kind}" if token else "a literal value under a secret-like name"
            msg = f"{ins.keyword.value} {pair.name} holds {what}, readable by anyone with the image (value masked)"
            yield ctx.finding(pair.key, msg, severity=Severity.ERROR if token else None)
