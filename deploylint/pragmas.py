"""Suppression pragmas: the one parser of the comments that switch findings off.

:func:`parse_pragma` reads a comment's text (what follows ``#``) into a typed :class:`Pragma`:
which tool's syntax it is, what it covers and which codes it names, each with its offset in the
comment text. :mod:`deploylint.suppress` applies them, DKR049 reports them and DKR100 passes
the ShellCheck codes of hadolint's pragmas on; none of them reads the comment text itself.
"""

from __future__ import annotations

import enum
import re

from deploylint.records import record

_OURS = re.compile(r"^\s*deploylint\s*:\s*(?P<verb>ignore-file|ignore)\b\s*(?:\[(?P<codes>[^\]]*)\])?")
_HADOLINT = re.compile(r"^\s*hadolint\s+(?P<scope>global\s+|stage\s+)?ignore\s*=\s*(?P<codes>[\w, \t-]+)")
_ZIZMOR = re.compile(r"^\s*zizmor\s*:\s*ignore\s*\[(?P<codes>[^\]]*)\]")
_TRIVY = re.compile(r"^\s*trivy\s*:\s*ignore\s*:\s*(?P<codes>[\w-]+)")
_CHECKOV = re.compile(r"^\s*checkov\s*:\s*skip\s*=\s*(?P<codes>[\w-]+)")
_CHECK_SKIP = re.compile(r"^\s*check\s*=\s*(?P<rest>.*)$", re.IGNORECASE)
_CODE = re.compile(r"[^,\s]+")
_SHELLCHECK_CODE = re.compile(r"SC\d{4}", re.IGNORECASE)


class Tool(enum.Enum):
    """Whose syntax a pragma is written in."""

    DEPLOYLINT = "deploylint"
    HADOLINT = "hadolint"
    ZIZMOR = "zizmor"
    TRIVY = "trivy"
    CHECKOV = "checkov"
    #: BuildKit's ``# check=skip=...`` parser directive
    BUILDKIT = "buildkit"


class Scope(enum.Enum):
    """What a pragma covers."""

    #: the line it trails, or the next code line (a Dockerfile's next instruction)
    NEXT = "next"
    #: the whole file
    FILE = "file"
    #: the build stage of the next instruction (``hadolint stage ignore=``)
    STAGE = "stage"


@record
class PragmaCode:
    """One code a pragma names, at ``start:end`` of the comment text."""

    text: str
    start: int
    end: int

    @property
    def is_shellcheck(self) -> bool:
        """A ShellCheck code (``SC2086``)."""
        return _SHELLCHECK_CODE.fullmatch(self.text) is not None


@record
class Pragma:
    tool: Tool
    scope: Scope
    codes: tuple[PragmaCode, ...]
    #: every rule, not only the codes (``deploylint: ignore-file`` without a list,
    #: BuildKit's ``skip=all``)
    all_rules: bool = False

    @property
    def ours(self) -> bool:
        return self.tool is Tool.DEPLOYLINT

    @property
    def shellcheck_codes(self) -> tuple[str, ...]:
        """The ShellCheck codes named, upper-cased (``sc2086`` -> ``SC2086``)."""
        return tuple(c.text.upper() for c in self.codes if c.is_shellcheck)


def _codes(text: str, start: int) -> tuple[PragmaCode, ...]:
    """``a, b`` split into codes; ``start`` is the offset of ``text`` in the comment."""
    return tuple(PragmaCode(m.group(), start + m.start(), start + m.end()) for m in _CODE.finditer(text))


def parse_pragma(text: str, *, directive: bool = False) -> Pragma | None:
    """The pragma a comment's text holds, or None. ``directive``: the comment is a Dockerfile
    parser directive (only there is ``check=skip=...`` a pragma)."""
    if m := _OURS.match(text):
        codes = m.group("codes")
        file_level = m.group("verb") == "ignore-file"
        found = _codes(codes, m.start("codes")) if codes is not None else ()
        scope = Scope.FILE if file_level else Scope.NEXT
        return Pragma(Tool.DEPLOYLINT, scope, found, all_rules=file_level and codes is None)
    if m := _HADOLINT.match(text):
        word = (m.group("scope") or "").strip()
        scope = Scope.FILE if word == "global" else Scope.STAGE if word == "stage" else Scope.NEXT
        return Pragma(Tool.HADOLINT, scope, _codes(m.group("codes"), m.start("codes")))
    for tool, pattern, scope in (
        (Tool.ZIZMOR, _ZIZMOR, Scope.NEXT),
        (Tool.TRIVY, _TRIVY, Scope.NEXT),
        (Tool.CHECKOV, _CHECKOV, Scope.FILE),
    ):
        if m := pattern.match(text):
            return Pragma(tool, scope, _codes(m.group("codes"), m.start("codes")))
    if directive and (m := _CHECK_SKIP.match(text)):
        return _check_skip(m.group("rest"), m.start("rest"))
    return None


def _check_skip(rest: str, start: int) -> Pragma | None:
    """BuildKit's ``check=skip=A,B;error=true`` (``skip=all`` skips every BuildKit check)."""
    for part in rest.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() != "skip":
            continue
        codes = _codes(value, start + rest.index(part) + part.index("=") + 1)
        return Pragma(Tool.BUILDKIT, Scope.FILE, codes, all_rules=any(c.text.lower() == "all" for c in codes))
    return None


__all__ = ["Pragma", "PragmaCode", "Scope", "Tool", "parse_pragma"]
