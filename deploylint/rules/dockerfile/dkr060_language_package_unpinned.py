from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.installs import run_installs
from deploylint.registry import Kind, rule

_HOW = {
    "pip": "pkg==1.2.3",
    "pipx": "pkg==1.2.3",
    "uv pip": "pkg==1.2.3",
    "npm": "pkg@1.2.3",
    "pnpm": "pkg@1.2.3",
    "gem": "pkg:1.2.3 or -v 1.2.3",
    "go": "module@v1.2.3",
}
#: pip's own tooling, which `pip install -U` brings up to date on purpose (not reported)
_TOOLING = frozenset({"pip", "setuptools", "wheel"})
_PIP = ("pip", "pipx", "uv pip")
#: how a version-control source names its ref
_VCS_HOW = {
    "pip": "repo.git@v1.2.3",
    "pipx": "repo.git@v1.2.3",
    "uv pip": "repo.git@v1.2.3",
    "npm": "repo.git#v1.2.3",
    "pnpm": "repo.git#v1.2.3",
}


@rule(
    id="DKR060",
    name="language-package-unpinned",
    title="Package installed by name without a version",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reproducibility", "supply-chain"),
    aliases=("DL3013", "DL3016", "DL3028", "DL3062"),
)
def language_package_unpinned(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pip install flask`, `npm install -g typescript`, `gem install bundler` and
    `go install golang.org/x/tools/cmd/goimports` take the newest release on the day of the
    build; a new (or hijacked) release changes the image without any change to the repository.
    Pin the version, or install from a lock or requirements file. Installing from files
    (`-r requirements.txt`, `npm ci`, `bundle install`), local paths, URLs, wheels and versions
    in variables pass, as does upgrading pip's own tooling (`pip install -U pip setuptools`) and
    an install whose versions come from a constraints file (`pip install -c constraints.txt x`).
    A package from version control is pinned by its ref: `git+https://host/r.git@v1.2#egg=r` for
    pip, `git+ssh://git@host:o/r.git#v1.0.27` or `#semver:^5` for npm; without one it takes the
    default branch and fires. `pipx install`, `uv pip install`, `pnpm add`, `gem i`, and
    `go get`/`go run` (the package, not the program's arguments) are checked like pip's, npm's
    and their long forms. A moving tag or branch is no pin: `go install ...@latest`, `npm i x@latest`
    or `@next`, and a VCS ref `@main` fire; `go install tool` (the versions in go.mod) passes.

    ## Example
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask

    ## Use instead
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask==3.0.3

    ## Differences from hadolint
    DL3013 fires on local paths and index URLs (hadolint #287, #67, #915) and on
    `pip install --upgrade pip`.
    """
    for run in (r for st in df.stages for r in st.runs):
        for inst in run_installs(run):
            if inst.manager not in _HOW:
                continue
            tooling = inst.has_option("-U", "--upgrade") and inst.manager in _PIP
            for spec in inst.unpinned():
                if tooling and spec.name.lower() in _TOOLING:
                    continue
                how = _VCS_HOW.get(inst.manager, _HOW[inst.manager]) if spec.kind == "vcs" else _HOW[inst.manager]
                word = spec.word
                yield ctx.finding(word, f"{inst.manager} installs {word.value} without a version ({how})")
