from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="DKR000",
    name="dockerfile-syntax-error",
    title="Dockerfile cannot be parsed",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("syntax",),
    aliases=("DL1000", "DL3043", "DL3061"),
)
def syntax_error(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    BuildKit refuses this Dockerfile: an unknown instruction, a malformed `ENV`, a JSON array
    holding something other than strings, an unterminated heredoc, a flag the instruction does not
    take, an instruction other than `ARG` before the first `FROM`, or a file without any
    instruction. The build fails at this point. deploylint reports the exact position and still
    checks the rest of the file.

    ## Example
        FROM alpine:3.20
        ENV PATH

    ## Use instead
        FROM alpine:3.20
        ENV PATH=/usr/local/bin:/usr/bin:/bin

    ## Differences from hadolint
    hadolint reports parse errors as DL1000 and then checks nothing else in the file.
    """
    return engine_reported(model, ctx)
