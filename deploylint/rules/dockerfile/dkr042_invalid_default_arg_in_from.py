import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.dockerfile_args import AUTOMATIC_ARGS, expand, unquote
from deploylint.models.images import parse_reference
from deploylint.registry import Kind, rule

_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"\w[\w.-]{0,127}")
_HEX = frozenset("0123456789abcdefABCDEF")


def _valid_reference(text: str) -> bool:
    """The parts of ``text`` are well-formed: lower-case path components, a tag of word
    characters, a digest of an algorithm and at least 32 hex digits (the registry is not judged)."""
    ref = parse_reference(text)
    if ref.digest:
        algo, _, hexa = ref.digest.partition(":")
        if not algo or len(hexa) < 32 or not set(hexa) <= _HEX:
            return False
    if ref.tag is not None and not _TAG.fullmatch(ref.tag):
        return False
    return all(_COMPONENT.fullmatch(p) for p in ref.repository.split("/"))


@rule(
    id="DKR042",
    name="invalid-default-arg-in-from",
    title="Default build arguments make the FROM image invalid",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("reliability",),
    aliases=("InvalidDefaultArgInFrom",),
    needs_project=True,
)
def invalid_default_arg_in_from(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    With the ARG defaults alone, `ARG TAG` and `FROM alpine:${TAG}` give `alpine:`, which is
    not an image name: the build only works when every caller remembers `--build-arg TAG=...`.
    Give the ARG a default. When every Compose service that builds the Dockerfile passes those
    ARGs (`build: args:`), the build is always given a value: not reported (the finding said "an
    empty name" for images Compose always names).

    ## Example
        ARG TAG
        FROM alpine:${TAG}

    ## Use instead
        ARG TAG=3.20
        FROM alpine:${TAG}
    """
    variables: dict[str, str | None] = {}
    for arg in df.global_args:
        for p in arg.pairs:
            variables[p.name] = "" if p.raw_value is None else expand(unquote(p.raw_value, df.escape), variables)
    for stage in df.stages:
        image = stage.from_.image
        if image is None or "$" not in image.value or any(a in image.value for a in AUTOMATIC_ARGS):
            continue
        value = expand(unquote(image.value, df.escape), variables)
        if value is None or value.lower() == "scratch" or df.stage_named(value) is not None:
            continue
        if not _valid_reference(value):
            if _compose_passes(df, ctx, [n for n in variables if f"${{{n}}}" in image.value or f"${n}" in image.value]):
                continue
            shown = value or "an empty name"
            yield ctx.finding(image, f"with the ARG defaults this is {shown!r}, not a valid image reference")


def _compose_passes(df: Dockerfile, ctx: Context, names: list[str]) -> bool:
    """Every compose service building ``df`` sets each ARG of ``names`` in ``build: args:``."""
    project = ctx.project
    if not names or project is None or not project.compose_nearby(df.source.path):
        return False
    builds = project.builds_of(df.source.path)
    return bool(builds) and all(set(names) <= {a.value for a in sb.args} for sb in builds)
