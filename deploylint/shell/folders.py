"""The working folder of each command of a script, followed through ``cd``, ``pushd`` and ``popd``.

Folders are relative to the one the script starts in (``""``); ``None`` after a change the text
does not show (``cd "$DIR"``, ``cd`` alone, ``cd -``, an absolute folder). A change inside a child
shell (``( ... )``, ``$( ... )``, a literal ``sh -c``) ends with it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from deploylint.shell.model import Command

_ISOLATING = frozenset({"subshell", "cmdsubst", "backtick", "procsubst", "sh -c"})


def working_folders(commands: Iterable[Command]) -> list[str | None]:
    """The folder each of ``commands`` (a script's commands in source order) runs in."""
    dirs = _Dirs()
    out: list[str | None] = []
    for c in commands:
        out.append(dirs.at(c))
        dirs.after(c.effective())
    return out


def _isolating(c: Command) -> tuple[str, ...]:
    """The constructs around ``c`` that run in a child shell (a ``cd`` there does not outlive them)."""
    return tuple(x for x in c.contexts if x in _ISOLATING)


class _Dirs:
    def __init__(self) -> None:
        #: (contexts of the construct the change happened in, folder) innermost last
        self.stack: list[tuple[tuple[str, ...], str | None]] = [((), "")]
        #: folders ``pushd`` left, for ``popd``
        self.pushed: list[str | None] = []

    def at(self, c: Command) -> str | None:
        ctx = _isolating(c)
        while len(self.stack) > 1 and ctx[: len(self.stack[-1][0])] != self.stack[-1][0]:
            self.stack.pop()
        return self.stack[-1][1]

    def after(self, c: Command) -> None:
        name = c.command_name
        if name not in ("cd", "pushd", "popd"):
            return
        cur = self.stack[-1][1]
        if name == "popd":
            new: str | None = self.pushed.pop() if self.pushed else None
        else:
            if name == "pushd":
                self.pushed.append(cur)
            new = _target(c, cur)
        ctx = _isolating(c)
        if self.stack[-1][0] == ctx:
            self.stack[-1] = (ctx, new)
        else:
            self.stack.append((ctx, new))


def _target(c: Command, cur: str | None) -> str | None:
    """Where ``cd``/``pushd`` goes from ``cur``."""
    pos = [w for w in c.args if not w.value.startswith("-") or w.value == "-"]
    if not pos or cur is None:
        return None  # cd alone: $HOME
    w = pos[0]
    if w.has_expansion or w.value in ("-", "~") or w.value.startswith(("~", "/")):
        return None  # computed, the previous folder, home, or outside what the model maps
    new = posixpath.normpath(posixpath.join(cur, w.value)) if cur else posixpath.normpath(w.value)
    return "" if new == "." else new
