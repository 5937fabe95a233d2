""" "Did you mean ...?": the closest known name to a misspelt one.

difflib is imported on first use: a clean file never needs a suggestion, and a one-file run should
not pay for the import.
"""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option most like ``word`` (ratio at least ``cutoff``), or None."""
    import difflib

    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``options``, or ``""``."""
    close = closest(word, options)
    return f"; did you mean {close!r}?" if close else ""
