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


#: the forms a ``uses:`` pattern may take (``forbidden-uses``, GHA059)
PATTERN_FORMS = "'*', 'owner/*', 'owner/repo/*', 'owner/repo' or 'owner/repo/path', the last two optionally with '@ref'"
_NAME_RE = re.compile(r"[A-Za-z0-9_.-]+")


@record
class UsesPattern:
    """A pattern over ``uses:`` references to actions: ``*`` (every action), ``owner/*`` (every
    action of the owner), ``owner/repo/*`` (the repository, any path), ``owner/repo`` or
    ``owner/repo/path`` (exactly that action), each of the last three optionally with ``@ref``
    (only that ref). Owner, repository and path compare case-insensitively, the ref exactly."""

    text: str
    owner: str = ""  # "" for "*"
    repo: str = ""  # "" for "owner/*"
    path: str | None = None  # None: any path ("owner/repo/*"); "": none
    ref: str | None = None  # None: any ref

    def matches(self, ref: ActionRef) -> bool:
        if ref.kind != "repo":
            return False
        if not self.owner:
            return True
        if ref.owner.lower() != self.owner:
            return False
        if not self.repo:
            return True
        if ref.repo.lower() != self.repo:
            return False
        if self.path is not None and ref.path.lower().strip("/") != self.path:
            return False
        return self.ref is None or ref.ref == self.ref


def parse_uses_pattern(text: str) -> UsesPattern | None:
    """The pattern ``text`` names, or None when it is not one of :data:`PATTERN_FORMS`."""
    if text == "*":
        return UsesPattern(text)
    name, at, ref = text.partition("@")
    if at and not ref:
        return None
    parts = name.split("/")
    if len(parts) < 2 or not _NAME_RE.fullmatch(parts[0]):
        return None
    owner = parts[0].lower()
    if parts[1:] == ["*"]:
        return None if at else UsesPattern(text, owner)
    if not _NAME_RE.fullmatch(parts[1]):
        return None
    rest = parts[2:]
    if rest == ["*"]:
        return None if at else UsesPattern(text, owner, parts[1].lower())
    if any(not _NAME_RE.fullmatch(p) for p in rest):
        return None
    return UsesPattern(text, owner, parts[1].lower(), "/".join(rest).lower(), ref if at else None)


class UsesPatterns:
    """A list of :class:`UsesPattern` that answers "which is the first to match this action" in
    constant time: each pattern is filed under the key it names exactly (``owner``, ``repo``,
    ``path``, ``ref``, with ``""``/None for the parts it leaves open), and an action can only
    match the five keys its own parts make. A config listing 100,000 patterns costs one look at
    each of them, then five lookups per ``uses:``."""

    def __init__(self, patterns: list[UsesPattern]) -> None:
        self._first: dict[tuple[str, str, str | None, str | None], tuple[int, UsesPattern]] = {}
        for n, pat in enumerate(patterns):
            self._first.setdefault((pat.owner, pat.repo, pat.path, pat.ref), (n, pat))

    def first_match(self, ref: ActionRef) -> UsesPattern | None:
        if ref.kind != "repo":
            return None
        owner, repo, path = ref.owner.lower(), ref.repo.lower(), ref.path.lower().strip("/")
        keys = (("", "", None, None), (owner, "", None, None), (owner, repo, None, None))
        hits = [self._first.get(k) for k in (*keys, (owner, repo, path, None), (owner, repo, path, ref.ref))]
        found = [h for h in hits if h is not None]
        return min(found, key=lambda h: h[0])[1] if found else None
