""" "Did you mean ...?": the closest known name to a misspelt one.

difflib is imported on first use: a clean file never needs a suggestion, and a one-file run should
not pay for the import.

A search compares the word with every option, so a file with N misspelt references to N names
(4,000 ``COPY --from`` of unknown stages, 4,000 ``${{ inputs.x }}`` of undeclared inputs) cost N²
and ran into the time budget. Past :data:`MAX_COMPARED` options the search looks only at the
names one edit away from the word (a character dropped, added, changed or two swapped), each a
lookup, so its cost depends on the word's length (at most :data:`MAX_WORD`) and not on the number
of options.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Set

#: up to this many options, every one is compared (difflib); above it, only near neighbours
MAX_COMPARED = 100
#: a longer word has no neighbours looked up among that many options (their number grows with it)
MAX_WORD = 32
#: characters an edit may add or change: those of identifiers, paths and keys
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@"


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option most like ``word`` (ratio at least ``cutoff``), or None."""
    import difflib

    known = options if isinstance(options, Collection) else list(options)
    if len(known) > MAX_COMPARED:
        members = known if isinstance(known, Set | dict) else frozenset(known)
        near = _one_edit(word) if len(word) <= MAX_WORD else ()
        candidates = sorted(n for n in near if n in members)
    else:
        candidates = sorted(known)
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return found[0] if found else None


def _one_edit(word: str) -> set[str]:
    """Every string one edit from ``word``: a character dropped, inserted or replaced, or two
    neighbours swapped (the insertions and replacements drawn from :data:`_ALPHABET`)."""
    out: set[str] = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        for ch in _ALPHABET:
            out.add(head + ch + tail)
            if tail:
                out.add(head + ch + tail[1:])
        if tail:
            out.add(head + tail[1:])
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
    out.discard(word)
    return out


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``options``, or ``""``."""
    close = closest(word, options)
    return f"; did you mean {close!r}?" if close else ""
