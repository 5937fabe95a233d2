from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Env
from deploylint.models.varrefs import refs_at, walk
from deploylint.registry import Kind, rule


@rule(
    id="DKR029",
    name="env-self-reference",
    title="ENV uses a variable set in the same ENV",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3044",),
)
def env_self_reference(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    All values of one `ENV` are expanded before any of them is set: in `ENV A=1 B=$A`, `B` gets
    the value `A` had before this line (usually empty), not `1`. Split it into two `ENV` lines.

    ## Example
        FROM alpine:3.20
        ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin

    ## Use instead
        FROM alpine:3.20
        ENV APP_HOME=/srv/app
        ENV APP_BIN=$APP_HOME/bin
    """
    for ins in df.walk():
        if not isinstance(ins, Env):
            continue
        earlier: set[str] = set()
        for pair in ins.pairs:
            refs = refs_at(df.source, pair.value.span, df.escape) if pair.value is not None else ()
            used = {ref.name for ref in walk(refs)} & earlier
            if used and pair.value is not None:
                name = sorted(used)[0]
                yield ctx.finding(pair.value, f"${name} is set in this same ENV, so {pair.name} gets its old value")
            earlier.add(pair.name)
