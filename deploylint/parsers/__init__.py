"""Parsers: one module per artifact kind, each with ``parse(src, env) -> Parsed``.

See :data:`deploylint.kinds.PARSER_MODULE`. Parsers never raise on bad input: problems become
``Diagnostic`` entries (reported as ``<KIND>000``) and whatever could be recovered is returned.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from deploylint.paths import resolve
from deploylint.records import record
from deploylint.settings import Settings
from deploylint.source import DecodeError, SourceFile, decode


class Refused(Exception):
    """A read that confinement forbids (outside the root, a symlink out, too large, not text)."""


@record(frozen=False, slots=False)
class ParseEnv:
    """What a parser may use besides the file: confined reads of other files, and settings."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    cache: dict[Path, SourceFile] = field(default_factory=dict)
    #: texts that stand in for files on disk (resolved path -> text): the fixer's and an editor's
    #: unsaved buffers
    overlay: dict[Path, str] = field(default_factory=dict)
    #: when set, every :meth:`read` is recorded here (the path as given -> a digest of the text, or
    #: ``!`` when it failed), so the cache can tell whether a result still holds
    reads: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def confine(self, path: Path) -> Path:
        """Resolve ``path`` (symlinks included) and make sure it stays under the root."""
        try:
            # afresh, not through paths.resolve's cache: a folder swapped for a link to outside
            # since discovery resolved it must be seen
            resolved = path.resolve()
        except ValueError:  # a NUL byte in a name the file gives (``include: ["\0"]``)
            raise Refused(f"cannot resolve {path}: not a usable file name") from None
        except (OSError, RuntimeError):
            raise Refused(f"cannot resolve {path} (symlink loop?)") from None
        root = resolve(self.root)
        try:
            resolved.relative_to(root)
        except ValueError:
            raise Refused(f"{path} is outside the scanned root") from None
        return resolved

    def read(self, path: Path) -> SourceFile:
        """Read a file under the root as text. Raises Refused or OSError."""
        if self.reads is None:
            return self._read(path)
        from deploylint.cache import digest

        try:
            src = self._read(path)
        except (Refused, OSError):
            self.reads[str(path)] = "!"
            raise
        self.reads[str(path)] = digest(src.text)
        return src

    def _read(self, path: Path) -> SourceFile:
        resolved = self.confine(path)
        cached = self.cache.get(resolved)
        if cached is not None:
            return cached
        from deploylint.discovery import display_path

        # shown by the path as given (not resolved), as scanned files are: through a symlinked
        # folder both names of one file would otherwise be two files in the report
        shown = display_path(path)
        if resolved in self.overlay:
            src = SourceFile(resolved, self.overlay[resolved], shown)
            self.cache[resolved] = src
            return src
        from deploylint.paths import NotReadable, read_regular

        limit = self.settings.max_file_size
        try:
            data = read_regular(resolved, limit, root=resolve(self.root))  # regular files only, no link followed
        except NotReadable as exc:
            raise Refused(f"{path}: {exc}") from None
        if len(data) > limit:
            raise Refused(f"{path} is larger than the {limit} byte limit")
        try:
            text, _ = decode(data)
        except DecodeError as exc:
            raise Refused(f"{path}: {exc}") from None
        src = SourceFile(resolved, text, shown)
        self.cache[resolved] = src
        return src

    def exists(self, path: Path) -> bool:
        try:
            resolved = self.confine(path)
            return resolved in self.overlay or resolved.exists()
        except (Refused, OSError, ValueError):  # OSError: a name too long to exist
            return False
