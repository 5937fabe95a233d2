"""A per-file time budget for parsing and checking.

The budget is cooperative: a ``SIGALRM`` timer raises :class:`OverBudget` in the thread that
armed it, which Python delivers between bytecodes and also while a regular expression is matching
(``re`` checks for signals). ``OverBudget`` derives from ``BaseException`` so the ``except
Exception`` guards of parsers and rules do not swallow it. Where timers are unavailable (no
``SIGALRM``, or not the main thread of the process) the budget is not enforced and the work simply
runs to its end.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["OverBudget", "budget", "enforceable", "suspended"]


class OverBudget(BaseException):
    """The current file used up its time budget."""


_armed = False


def enforceable() -> bool:
    """True when this thread can enforce a budget (POSIX timers, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    if _armed:
        raise OverBudget


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget inside the block once ``seconds`` have passed (None or <= 0: no limit)."""
    global _armed  # noqa: PLW0603 - one timer per process, like SIGALRM itself
    if seconds is None or seconds <= 0 or _armed or not enforceable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Stopwatch:
    """Seconds spent so far on one file, across stages run at different times."""

    __slots__ = ("spent",)

    def __init__(self) -> None:
        self.spent = 0.0

    @contextmanager
    def timing(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.spent += time.perf_counter() - start


@contextmanager
def suspended() -> Iterator[None]:
    """Stop the clock of an armed budget inside the block (work a cold run does outside any
    rule's budget, such as parsing again a file whose results came from the cache)."""
    global _armed  # noqa: PLW0603
    if not _armed or not enforceable():
        yield
        return
    left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    _armed = False
    try:
        yield
    finally:
        _armed = True
        signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
