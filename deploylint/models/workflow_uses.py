"""``uses:`` references: actions (``owner/repo[/path]@ref``), local actions and ``docker://`` images."""

from __future__ import annotations

import re

from deploylint.models.base import Located
from deploylint.models.images import ImageRef, parse_reference
from deploylint.models.workflow_strings import Str
from deploylint.records import record
from deploylint.source import Span


@record
class ActionRef:
    """A ``uses:`` value: ``owner/repo[/path]@ref``, ``./local/path`` or ``docker://image``."""

    raw: Str
    kind: str  # "repo" | "local" | "docker" | "invalid"
    owner: str = ""
    repo: str = ""
    path: str = ""
    ref: str = ""
    #: trailing comment on the same line (``# v4.1.0``), without the ``#``
    comment: str = ""
    #: ``owner/repo`` lower-cased (empty for local and docker forms); rules ask it very often
    slug: str = ""
    #: ``owner/repo[/path]`` lower-cased (empty for local and docker forms)
    name: str = ""

    @property
    def span(self) -> Span:
        return self.raw.span

    @property
    def is_sha_pinned(self) -> bool:
        return bool(_SHA_RE.fullmatch(self.ref))

    @property
    def image(self) -> str:
        return self.raw.value[len(_DOCKER) :] if self.kind == "docker" else ""

    @property
    def image_ref(self) -> ImageRef | None:
        """The ``docker://`` image as an image reference, at the text after ``docker://``
        (unresolved when it has an expression); None for the other forms."""
        if self.kind != "docker":
            return None
        text = self.image
        span = self.raw.span_of(len(_DOCKER), len(self.raw.value)) if text else self.raw.span
        return ImageRef(Located(text, span), None if "${{" in text else text.strip(), parse_reference(text.strip()))

    def is_(self, *names: str) -> bool:
        """This is one of ``names`` (``owner/repo`` or ``owner/repo/path``, case-insensitive)."""
        return self.kind == "repo" and (self.slug in names or self.name in names)


_DOCKER = "docker://"
_SHA_RE = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def split_image_ref(ref: str) -> tuple[str, str]:
    """(repository, tag) of an image reference; tag "" when none is given, and ``"@digest"`` for a
    reference pinned by digest (what GHA007 and GHA009 ask: is it pinned, which tag moves). The
    parts come from :func:`deploylint.models.images.parse_reference`."""
    from deploylint.models.images import parse_reference

    parts = parse_reference(ref)
    if parts.digest is not None:
        return parts.path + (f":{parts.tag}" if parts.tag is not None else ""), "@digest"
    return parts.path, parts.tag or ""
