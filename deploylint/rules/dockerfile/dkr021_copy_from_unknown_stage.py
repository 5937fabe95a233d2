from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.dockerfile import Copy, Dockerfile
from deploylint.registry import Kind, rule
from deploylint.suggest import closest


@rule(
    id="DKR021",
    name="copy-from-unknown-stage",
    title="COPY --from names no stage",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3022",),
    needs_project=True,
)
def copy_from_unknown_stage(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `COPY --from=name` takes files from the stage called `name`. When no stage has that name,
    BuildKit takes a build context of that name (`docker buildx build --build-context name=...`,
    `contexts` in docker-bake.hcl, `additional_contexts` in Compose) or, failing that, pulls the
    image `name:latest`. So a name that is not a stage is usually deliberate, and only a name that
    is clearly a misspelt stage name is reported:

    * a near miss of a stage name (at least 3 characters, similar, and one edit away, two for
      names longer than 4 characters, a swap of neighbours counting as one: `biuld` for `build`) is reported with the stage it meant. It is a warning when
      every way this project builds the file can be seen (compose services build it, none passes
      a context of that name), and an `info` of medium confidence otherwise: a bake file, a
      workflow or a script may pass a context the linter does not see;
    * any other name is not reported, nor is one that a compose build passes in
      `additional_contexts`;
    * a number must be the index of an earlier stage (a warning: no context can have that name).

    An image reference with a tag, digest, registry or path (`nginx:1.27`, `ghcr.io/org/tool`)
    passes.

    ## Example
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=biuld /out/app /app

    ## Use instead
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app

    ## Differences from hadolint
    DL3022 reports every `--from` name that is no stage alias, named build contexts included,
    and a stage defined further down the file. BuildKit resolves `--from` over every stage of
    the file and builds them in dependency order, so copying from a later stage works; only the
    legacy builder refused it.
    """
    names = {st.name.value.lower() for st in df.stages if st.name is not None}
    passed = _passed_contexts(df, ctx)
    for ins in df.walk():
        flag = ins.flag("from") if isinstance(ins, Copy) else None
        if flag is None or not flag.value or "$" in flag.value:
            continue
        ref = flag.value.strip("\"'")
        if ref.isdigit():
            if ins.stage_index >= 0 and int(ref) >= ins.stage_index:
                yield ctx.finding(flag, f"--from={ref} is not the index of an earlier stage")
            continue
        low = ref.lower()
        if low in names or any(c in ref for c in ":/@.") or (passed is not None and low in passed):
            continue
        meant = _misspelt(low, names)
        if meant is None:
            continue
        msg = f"no stage is named {ref!r} (did you mean {meant!r}?): BuildKit pulls the image {ref}:latest instead"
        if passed is not None:
            yield ctx.finding(flag, msg)
        else:
            yield ctx.finding(
                flag,
                f"{msg}, unless a build context named {ref!r} is passed",
                severity=Severity.INFO,
                confidence=Confidence.MEDIUM,
            )


def _misspelt(name: str, stages: set[str]) -> str | None:
    """The stage name ``name`` clearly misspells: similar (ratio >= 0.75) and one edit away (two
    for names longer than 4 characters), a swap of neighbours counting as one edit."""
    if len(name) < 3:
        return None
    close = closest(name, stages, cutoff=0.75)
    if close is None:
        return None
    return close if _edits(name, close) <= (1 if len(name) <= 4 else 2) else None


def _edits(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment); small strings only."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _passed_contexts(df: Dockerfile, ctx: Context) -> set[str] | None:
    """Names of the build contexts compose passes to this Dockerfile (``additional_contexts``),
    or None when the project does not show every build of it (no compose service builds it)."""
    project = ctx.project
    if project is None or not project.compose_nearby(df.source.path):
        return None
    builds = project.builds_of(df.source.path)
    if not builds:
        return None
    return {name.lower() for sb in builds for name in sb.service.service.additional_contexts}
