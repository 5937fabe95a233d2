"""Parts of Dockerfile instructions: the joined text of a logical line with its offset map, parser
directives, flags (``RUN --mount`` parsed), heredocs and the ``key=value`` pairs of ENV/LABEL/ARG."""

from __future__ import annotations

import bisect

from deploylint.models.base import Located
from deploylint.records import record
from deploylint.source import SourceFile, Span

# --------------------------------------------------------------------------------------------
# text with an offset map


@record
class ShellText:
    """Text joined from several source pieces (continuations removed), with its offset map.

    ``starts[i]`` is the index in ``text`` where piece i begins and ``offsets[i]`` its source
    offset; characters of a piece are contiguous in the source.
    """

    text: str
    starts: tuple[int, ...]
    offsets: tuple[int, ...]

    def offset(self, index: int) -> int:
        """Source offset of ``text[index]`` (``index == len(text)`` maps just past the end)."""
        if not self.starts:
            return 0
        if index >= len(self.text) and self.text:
            return self.offset(len(self.text) - 1) + 1
        i = bisect.bisect_right(self.starts, index) - 1
        i = max(i, 0)
        return self.offsets[i] + index - self.starts[i]

    def positions(self) -> list[int]:
        """One source offset per character, plus one past the end (``len(text) + 1`` entries)."""
        out: list[int] = []
        bounds = [*self.starts[1:], len(self.text)]
        for start, end, off in zip(self.starts, bounds, self.offsets, strict=True):
            out.extend(range(off, off + end - start))
        out.append(out[-1] + 1 if out else (self.offsets[0] if self.offsets else 0))
        return out

    def span(self, src: SourceFile, start: int, end: int) -> Span:
        """Source span of ``text[start:end]``."""
        if end <= start:
            off = self.offset(start)
            return src.span(off, off + 1)
        return src.span(self.offset(start), self.offset(end - 1) + 1)


# --------------------------------------------------------------------------------------------
# instruction parts


@record
class Directive:
    """A parser directive (``# syntax=``, ``# escape=``, ``# check=``)."""

    name: str
    value: str
    span: Span


@record
class Flag:
    """An instruction flag such as ``--mount=type=cache,target=/root/.npm``."""

    name: str
    value: str | None
    span: Span
    raw: str = ""

    @property
    def text(self) -> str:
        return self.raw or (f"--{self.name}" if self.value is None else f"--{self.name}={self.value}")


@record
class Mount:
    """A parsed ``RUN --mount=...`` flag."""

    type: str
    options: tuple[tuple[str, str], ...]
    flag: Flag

    @property
    def span(self) -> Span:
        return self.flag.span

    def get(self, key: str) -> str | None:
        for k, v in self.options:
            if k == key:
                return v
        return None

    @property
    def target(self) -> str | None:
        return self.get("target") or self.get("dst") or self.get("destination")


@record
class Heredoc:
    """A here-document attached to RUN, COPY or ADD."""

    name: str
    chomp: bool
    expand: bool
    fd: int
    content: str
    opener: Span  # the ``<<EOF`` word
    body: Span | None  # the body lines (None when empty)
    terminator: Span
    body_offset: int  # source offset of the first body character

    @property
    def span(self) -> Span:
        return self.opener


@record
class KeyValue:
    """``key=value`` of ENV, LABEL or ARG (``value`` None for ``ARG name``)."""

    key: Located[str]
    value: Located[str] | None
    raw_value: str | None
    legacy: bool = False  # ``ENV key value`` form
    #: legacy form only: the value as written is one word as the ``key=value`` form splits them
    #: (quotes kept), so ``key=<value as written>`` gives the variable the same value
    one_word: bool = False

    @property
    def name(self) -> str:
        return self.key.value

    @property
    def text(self) -> str | None:
        return self.value.value if self.value is not None else None

    @property
    def span(self) -> Span:
        if self.value is None:
            return self.key.span
        return self.key.span.cover(self.value.span)

    @property
    def is_literal(self) -> bool:
        """True when the value has no variable reference (``$X``) in it."""
        return self.raw_value is not None and "$" not in self.raw_value


def parse_mount(flag: Flag) -> Mount | None:
    if flag.value is None:
        return None
    opts: list[tuple[str, str]] = []
    for part in _split_csv(flag.value):
        key, sep, value = part.partition("=")
        opts.append((key.strip().lower(), value.strip() if sep else "true"))
    mtype = next((v for k, v in opts if k == "type"), "bind")
    return Mount(mtype.lower(), tuple(opts), flag)


def _split_csv(value: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    quote = ""
    for ch in value:
        if quote:
            if ch == quote:
                quote = ""
            else:
                cur.append(ch)
        elif ch in "\"'":
            quote = ch
        elif ch == ",":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p for p in out if p]
