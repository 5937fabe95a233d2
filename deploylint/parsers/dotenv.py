"""``.env``-style files (``NAME=value`` lines), as Compose reads them for ``env_file:`` and ``.env``.

One reader with positions: each assignment (a :class:`~deploylint.models.tree.DotenvEntry`) keeps
the spans of its name and value, so a rule can point at the line in the env file. Comments, blank
lines and lines without ``=`` are skipped; ``export`` is allowed; a value in matching quotes loses
them; `` #`` starts a comment after an unquoted value.
"""

from __future__ import annotations

from deploylint.models.tree import DotenvEntry
from deploylint.source import SourceFile


def entries(src: SourceFile) -> list[DotenvEntry]:
    out: list[DotenvEntry] = []
    offset = 0
    for raw in src.text.splitlines(keepends=True):
        start = offset
        offset += len(raw)
        line = raw.rstrip("\r\n")
        body = line.lstrip()
        if not body or body.startswith("#") or "=" not in body:
            continue
        lead = len(line) - len(body)
        if body.startswith("export "):
            rest = body[len("export ") :].lstrip()
            lead += len(body) - len(rest)
            body = rest
        key, _, value = body.partition("=")
        name = key.strip()
        if not name:
            continue
        vstart = lead + len(key) + 1
        stripped = value.lstrip()
        vstart += len(value) - len(stripped)
        value = stripped.rstrip()
        quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
        if quoted:
            value = value[1:-1]
            vstart += 1
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        nstart = start + lead
        vs = start + vstart
        out.append(
            DotenvEntry(name, value, src.span(nstart, nstart + len(name)), src.span(vs, vs + len(value)), quoted)
        )
    return out


def parse_dotenv(src: SourceFile) -> dict[str, str]:
    """name -> value of a ``.env`` file (the last assignment wins)."""
    return {e.name: e.value for e in entries(src)}
