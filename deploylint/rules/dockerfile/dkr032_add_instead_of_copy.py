from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Dockerfile
from deploylint.registry import Kind, rule

_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst")
_REMOTE = ("http://", "https://", "git@", "git://", "ssh://")


@rule(
    id="DKR032",
    name="add-instead-of-copy",
    title="ADD used for plain files",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("clarity",),
    aliases=("DL3020", "DS-0005", "CKV_DOCKER_4"),
)
def add_instead_of_copy(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ADD` also downloads URLs and unpacks tar archives, so a reader cannot tell what `ADD src
    /app` does without knowing the files. For plain files and folders `COPY` says exactly that.
    `ADD` of a URL, a git repository or a local tar archive (which it unpacks) passes, as do
    `--checksum`, `--unpack` and `--keep-git-dir`.

    ## Example
        FROM python:3.12-slim
        ADD requirements.txt /app/

    ## Use instead
        FROM python:3.12-slim
        COPY requirements.txt /app/
    """
    for ins in df.walk():
        if not isinstance(ins, Add) or not ins.sources:
            continue
        if any(ins.flag(f) is not None for f in ("checksum", "unpack", "keep-git-dir")):
            continue
        if all(_plain(s.value) for s in ins.sources):
            yield ctx.finding(ins.keyword, "ADD copies plain files here; use COPY, which does only that")


def _plain(source: str) -> bool:
    s = source.strip("\"'").lower()
    if "$" in s or s.startswith(_REMOTE) or s.endswith(".git"):
        return False
    return not s.rstrip("*").endswith(_ARCHIVES) and not s.endswith("*")
