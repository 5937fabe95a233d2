from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule

_TOKEN_INPUTS = {
    "pypa/gh-action-pypi-publish": ("password",),
    "rubygems/release-gem": (),
    "js-devtools/npm-publish": ("token",),
}


@rule(
    id="GHA028",
    name="use-trusted-publishing",
    title="A package is published with a long-lived token",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("security", "hardening", "supply-chain"),
    security_severity=3.0,
    aliases=("use-trusted-publishing",),
)
def use_trusted_publishing(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    PyPI, npm, crates.io and RubyGems accept "trusted publishing": the workflow proves who it is
    with a short-lived OIDC token (`permissions: id-token: write`), so there is no long-lived
    API token to store, rotate or leak. Publishing with a stored token works, but every leak of
    that token lets anyone publish.

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
    """
    for _job, step in wf.steps():
        u = step.uses
        if u is not None and u.kind == "repo":
            for name in _TOKEN_INPUTS.get(u.slug, ()):
                v = step.input(name)
                if v is not None and any(p[0] == "secrets" for p, _n, _e in v.refs()):
                    yield ctx.finding(v, f"`{u.slug}` publishes with a stored token; use trusted publishing.")
        for cmd in step.commands():
            args = list(cmd.args)
            token = any("secrets." in a for a in args) or any(
                a.startswith(("-p", "--password", "--token", "--api-key")) for a in args
            )
            publish = (
                (cmd.name == "twine" and args[:1] == ["upload"])
                or (cmd.name in ("npm", "pnpm", "yarn") and "publish" in args[:2])
                or (cmd.name == "cargo" and args[:1] == ["publish"])
                or (cmd.name == "gem" and args[:1] == ["push"])
                or (cmd.name in ("uv", "poetry", "hatch", "flit") and "publish" in args[:2])
            )
            env_token = any(
                v.name.value in ("TWINE_PASSWORD", "NODE_AUTH_TOKEN", "CARGO_REGISTRY_TOKEN", "GEM_HOST_API_KEY", "UV_PUBLISH_TOKEN", "POETRY_PYPI_TOKEN_PYPI")
                for v in step.env.vars
            )
            if publish and (token or env_token):
                yield ctx.finding(cmd.span, f"`{cmd.name}` publishes with a stored token; use trusted publishing.")
