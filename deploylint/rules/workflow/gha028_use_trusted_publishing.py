from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Command, Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step

_PUBLISH = {
    ("twine", "upload"),
    ("gem", "push"),
    ("cargo", "publish"),
    ("npm", "publish"),
    ("pnpm", "publish"),
    ("bun", "publish"),
    ("nuget", "push"),
    ("uv", "publish"),
    ("poetry", "publish"),
    ("hatch", "publish"),
    ("flit", "publish"),
}
_TOKEN_INPUTS = {
    "pypa/gh-action-pypi-publish": ("password",),
    "rubygems/release-gem": (),
    "js-devtools/npm-publish": ("token",),
}


@rule(
    id="GHA028",
    name="use-trusted-publishing",
    title="A package is published with a long-lived token",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.INFO,
    tags=("security", "hardening", "supply-chain"),
    security_severity=3.0,
    aliases=("use-trusted-publishing",),
)
@each_step
def use_trusted_publishing(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    PyPI, npm, crates.io and RubyGems accept "trusted publishing": the workflow proves who it is
    with a short-lived OIDC token (`permissions: id-token: write`), so there is no long-lived
    API token to store, rotate or leak. Publishing with a stored token works, but every leak of
    that token lets anyone publish. Publishing commands (`twine upload`, `npm publish`,
    `cargo publish`, `gem push`, `dotnet nuget push`...) are reported in jobs that cannot use
    OIDC (no `id-token: write`).

    ## Example
        on:
          release:
            types: [published]
        jobs:
          pypi:
            runs-on: ubuntu-latest
            steps:
              - uses: pypa/gh-action-pypi-publish@release/v1
                with:
                  password: ${{ secrets.PYPI_TOKEN }}

    ## Use instead
        on:
          release:
            types: [published]
        jobs:
          pypi:
            runs-on: ubuntu-latest
            permissions:
              id-token: write
            steps:
              - uses: pypa/gh-action-pypi-publish@release/v1

    In a composite action a token given from the action's own inputs is reported too (secrets
    reach an action that way), and so are publishing commands (the caller's permissions are
    unknown there).

    ## Differences from zizmor
    A job with `id-token: write` is assumed to publish with OIDC already.
    """

    def oidc(job: Job) -> bool:
        perms = job.permissions or wf.permissions
        return perms is not None and perms.scope("id-token") == "write"

    u = step.uses
    if u is not None and u.kind == "repo":
        for name in _TOKEN_INPUTS.get(u.slug, ()):
            v = step.input(name)
            given = ("secrets", "inputs") if wf.is_action else ("secrets",)
            if v is not None and any(p[0] in given for p, _n, _e in v.refs()):
                yield ctx.finding(v, f"'{u.slug}' publishes with a stored token; use trusted publishing")
    if oidc(job):
        return
    for cmd in step.commands("upload", "publish", "push"):
        pair = _publishes(cmd)
        if pair is not None:
            yield ctx.finding(cmd.words_span, f"'{pair}' publishes with a stored token; use trusted publishing")


#: launchers whose next word is the program (``python -m twine``, ``npx``, ``dotnet nuget``)
_LAUNCHERS = {"python": 2, "python3": 2, "py": 2, "npx": 1, "pnpx": 1, "bunx": 1, "uvx": 1, "dotnet": 1}


def _publishes(cmd: Command) -> str | None:
    """``program sub-command`` when ``cmd`` publishes, with the sub-command in its position
    (``echo npm publish`` does not publish)."""
    words = [w.value.split("==")[0].rsplit("/", 1)[-1] for w in cmd.words]
    if not words:
        return None
    skip = _LAUNCHERS.get(words[0], 0)
    if skip == 2 and words[1:2] != ["-m"]:
        skip = 0
    if skip == 0:
        sub = cmd.subcommands(1)
        prog = words[0]
    else:
        prog = words[skip] if len(words) > skip else ""
        sub = tuple(w for w in words[skip + 1 :] if not w.startswith("-"))[:1]
    return f"{prog} {sub[0]}" if sub and (prog, sub[0]) in _PUBLISH else None
