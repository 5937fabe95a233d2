"""ARG values as BuildKit computes them: the args it sets itself, and a word unquoted and expanded
with the ARG values known so far.

The Dockerfile parser uses them to resolve ``FROM`` images and ARG defaults; the rules that judge
a ``FROM`` written with ARGs (DKR041, DKR042) or the variables a ``RUN`` sees (DKR100) read the
same table and functions. References are found by the one scanner,
:func:`deploylint.models.varrefs.scan`.
"""

from __future__ import annotations

from deploylint.models.varrefs import DEFAULT_OPS, VarRef, scan

#: build args BuildKit sets itself: their value is not known when linting
AUTOMATIC_ARGS = frozenset(
    {
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "TARGETSTAGE",
        "BUILDKIT_SBOM_SCAN_STAGE",
    }
)


def unquote(raw: str, esc: str = "\\") -> str:
    """Remove shell quotes and escapes the way BuildKit's word processing does (no expansion)."""
    out: list[str] = []
    i = 0
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == "'":
            j = raw.find("'", i + 1)
            if j < 0:
                out.append(raw[i + 1 :])
                break
            out.append(raw[i + 1 : j])
            i = j + 1
            continue
        if ch == '"':
            i += 1
            while i < n and raw[i] != '"':
                c = raw[i]
                if c == esc and i + 1 < n:
                    nxt = raw[i + 1]
                    if nxt in ('"', "$", esc):
                        out.append(nxt)
                        i += 2
                        continue
                out.append(c)
                i += 1
            i += 1
            continue
        if ch == esc and i + 1 < n:
            out.append(raw[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


#: longest ARG expansion kept (characters)
MAX_EXPANDED = 65_536


def expand(value: str, variables: dict[str, str | None]) -> str | None:
    """Expand ``$X``/``${X}``/``${X:-d}``/``${X:+w}`` with known ARG values.

    Returns None when the result depends on a value we cannot know (an ARG without default, an
    undeclared or automatic platform arg, or an unsupported expansion form).
    """
    if "$" not in value:
        return value
    return _expand(value, 0, len(value), scan(value), variables)


def _expand(text: str, lo: int, hi: int, refs: tuple[VarRef, ...], variables: dict[str, str | None]) -> str | None:
    """``text[lo:hi]`` with ``refs`` (the references in it) expanded."""
    out: list[str] = []
    pos = lo
    for ref in refs:
        out.append(text[pos : ref.start])
        pos = ref.end
        name, op = ref.name, ref.op
        known = name in variables and name not in AUTOMATIC_ARGS
        val = variables.get(name) if known else None
        if op is None:
            if val is None:
                return None
            out.append(val)
            continue
        if op not in DEFAULT_OPS:
            return None
        word = _expand(text, ref.word_start, ref.end - 1, ref.inner, variables)
        if word is None:
            return None
        if not known and op in (":-", "-", ":+", "+"):
            return None
        is_set = val is not None and (val != "" or not op.startswith(":"))
        if op.endswith("-"):
            out.append(val if is_set and val is not None else word)
        elif op.endswith("+"):
            out.append(word if is_set else "")
        else:
            if not is_set:
                return None
            out.append(val or "")
    rest = text[pos:hi]
    if "$" in rest:
        return None
    out.append(rest)
    result = "".join(out)
    # ARG A=$B$B chains double at each step: past this size a value is "unknown", not a bomb
    return result if len(result) <= MAX_EXPANDED else None


__all__ = ["AUTOMATIC_ARGS", "MAX_EXPANDED", "expand", "unquote"]
