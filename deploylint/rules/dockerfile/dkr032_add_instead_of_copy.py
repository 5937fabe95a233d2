from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Add, Dockerfile
from deploylint.registry import Kind, rule

_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst")
_REMOTE = ("http://", "https://", "git@", "git://", "ssh://")
#: suffixes of compressed files, which ADD unpacks when they hold a tar archive
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".lzma", ".z")
_COPY_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})


@rule(
    id="DKR032",
    name="add-instead-of-copy",
    title="ADD used for plain files",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("clarity",),
    aliases=("DL3020", "DS-0005", "CKV_DOCKER_4"),
    fixable=True,
)
def add_instead_of_copy(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ADD` also downloads URLs and unpacks tar archives, so a reader cannot tell what `ADD src
    /app` does without knowing the files. For plain files and folders `COPY` says exactly that.
    `ADD` of a URL, a git repository, a local tar archive (which it unpacks) or a compressed
    file (`.gz`, `.bz2`, `.xz`, `.zst`: ADD unpacks it when it holds a tar archive, which only
    its content tells) passes, as do `--checksum`, `--unpack` and `--keep-git-dir`.

    ## Example
        FROM python:3.12-slim
        ADD requirements.txt /app/

    ## Use instead
        FROM python:3.12-slim
        COPY requirements.txt /app/

    ## Fix safety
    Safe: the keyword becomes `COPY` (in the same case) when every source is a local file or
    folder and every flag is one COPY has (`--chown`, `--chmod`, `--link`, `--exclude`); COPY
    copies them exactly as ADD does.
    """
    for ins in df.walk():
        if not isinstance(ins, Add) or not ins.sources:
            continue
        if any(ins.flag(f) is not None for f in ("checksum", "unpack", "keep-git-dir")):
            continue
        if all(_plain(s.value) for s in ins.sources):
            yield ctx.finding(
                ins.keyword, "ADD copies plain files here; use COPY, which does only that", fix=_to_copy(ins)
            )


def _to_copy(ins: Add) -> Fix | None:
    if any(f.name not in _COPY_FLAGS for f in ins.flags):
        return None
    kw = ins.keyword
    if kw.value.lower() != "add":
        return None
    want = "COPY" if kw.value.isupper() else "copy" if kw.value.islower() else "Copy"
    return Fix(f"use {want}", (Edit(kw.span, want),))


def _plain(source: str) -> bool:
    s = source.strip("\"'").lower()
    if "$" in s or s.startswith(_REMOTE) or s.endswith(".git"):
        return False
    return not s.rstrip("*").endswith(_ARCHIVES + _COMPRESSED) and not s.endswith("*")
