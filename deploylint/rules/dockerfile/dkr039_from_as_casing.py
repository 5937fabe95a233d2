from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR039",
    name="from-as-casing",
    title="AS keyword casing does not match FROM",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("FromAsCasing",),
    fixable=True,
)
def from_as_casing(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `FROM image as build` mixes casings within one instruction; write `AS` in the same case as
    `FROM` (`FROM ... AS ...` or `from ... as ...`).

    ## Example
        FROM golang:1.22 as build

    ## Use instead
        FROM golang:1.22 AS build

    ## Fix safety
    Safe: the keyword's case changes nothing in the build.
    """
    for stage in df.stages:
        kw = stage.from_.keyword.value
        as_kw = stage.from_.as_keyword
        if as_kw is None:
            continue
        if (kw.isupper() and not as_kw.value.isupper()) or (kw.islower() and not as_kw.value.islower()):
            want = as_kw.value.upper() if kw.isupper() else as_kw.value.lower()
            fix = Fix(f"write {want!r}", (Edit(as_kw.span, want),))
            yield ctx.finding(as_kw, f"write {want!r} to match {kw!r}", fix=fix)
