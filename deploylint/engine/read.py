"""Reading one file: confine it to the root, read it once within the size limit, decode it, tell
or confirm its kind from the text, and hand it to its kind's parser."""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from deploylint.discovery import Target
from deploylint.engine.artifacts import SKIPPED_PATH, Artifact, FileModel, Stdin
from deploylint.engine.emit import Emitter
from deploylint.findings import Finding, Location
from deploylint.kinds import (
    PARSER_MODULE,
    SNIFF_MAX_BYTES,
    Kind,
    candidate,
    classify,
    confirm,
    mask_placeholders,
    parse_rule,
    sniff,
)
from deploylint.models.base import Parsed
from deploylint.parsers import ParseEnv
from deploylint.paths import NotReadable, is_within, read_regular, rel_to_root, resolve
from deploylint.settings import Settings
from deploylint.source import START, DecodeError, SourceFile, Span, decode


class Reader(Emitter):
    """The engine's reading stage (see :class:`deploylint.engine.run.Engine`)."""

    settings: Settings
    overlay: dict[Path, str]
    stdin: Stdin | None
    preread: dict[Path, bytes]
    kind_override: Kind | None

    def _load(self, target: Target, root: Path, env: ParseEnv) -> tuple[Artifact | None, list[Finding], str | None]:
        """Read and parse one file: (artifact, parse findings, why it was passed over or None).

        The file is read once; a kind its name only suggests (``target.confirm``) is checked on
        that text before parsing (``kinds.confirm``), and a template's placeholders are masked.
        """
        overridden = bool(self.kind_override and target.explicit)
        kind = self.kind_override if overridden else target.kind
        checking = target.confirm and not overridden and kind is not None
        display = target.display
        loc = Location(display, START)
        stdin = self.stdin if self.stdin is not None and target.path == self.stdin.path else None
        try:
            relpath = rel_to_root(target.path, root)
        except ValueError:
            relpath = target.path.as_posix()
        # a content candidate (a YAML or .conf file whose name says nothing): never an X000
        by_content = checking and classify(PurePosixPath(relpath)) is None
        stand_in = self.overlay.get(resolve(target.path)) if self.overlay else None
        limit = env.settings.max_file_size
        real: Path | None = None
        try:
            if stand_in is not None:
                size = len(stand_in)
            elif stdin is not None:
                size = len(stdin.data)
            else:
                real = confined(target.path, root)
                size = os.lstat(real).st_size
        except NotReadable as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"{display}: {exc}")], None
        except OSError as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"cannot read {display}: {exc.strerror or exc}")], None
        if by_content and size > SNIFF_MAX_BYTES:
            return None, [], f"{size} bytes, too large to tell its kind by content (limit {SNIFF_MAX_BYTES})"
        if kind is not None and size > limit:
            msg = f"file is {size} bytes, above the {limit}-byte limit; it was not parsed"
            return None, [self._emit(parse_rule(kind), loc, msg)], None
        try:
            if real is not None:
                pre = self.preread.pop(target.path, None) if self.preread else None
                data = pre if pre is not None else read_regular(real, limit, root=root)
                if len(data) > limit:  # it grew since lstat, or stat does not tell (never read on)
                    msg = f"file is more than {limit} bytes, above the limit; it was not parsed"
                    return None, [self._emit(parse_rule(kind or Kind.CORE), loc, msg)], None
            else:
                data = stdin.data if stdin is not None else b""
        except NotReadable as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"{display}: {exc}")], None
        except OSError as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"cannot read {display}: {exc.strerror or exc}")], None
        try:
            text, enc = decode(data) if stand_in is None else (stand_in, "utf-8")
        except DecodeError as exc:
            if kind is None:
                return None, [], None
            if by_content:
                return None, [], "not text (cannot decode)"
            span = Span(exc.line, exc.col, exc.line, exc.col + 1)
            msg = f"cannot decode file: {exc}"
            return None, [self._emit(parse_rule(kind), Location(display, span), msg)], None
        if kind is None:
            kind = sniff(PurePosixPath(target.path.name), text)
            if kind is None:
                guess = candidate(PurePosixPath(relpath))
                return None, [], confirm(guess, PurePosixPath(relpath), text) if guess is not None else None
        elif checking:
            why = confirm(kind, PurePosixPath(relpath), text)
            if why is not None:
                return None, [], why
        self.registry.load([kind])
        src = self.source_for(target, text, enc)
        art = Artifact(target.path, display, relpath, kind, src, explicit=target.explicit)
        parse = parser_for(kind)
        if parse is None:
            return None, [], None
        try:
            art.parsed = parse(src, env)
        except RecursionError:
            return art, [self._emit(parse_rule(kind), loc, "input nests too deeply to parse")], None
        except Exception as exc:  # noqa: BLE001 - a parser bug must not lose other files
            return art, [self._internal(f"parser for {kind.value}", display, exc)], None
        labels = getattr(art.model, "report_labels", None)
        if isinstance(labels, dict):
            art.labels.update(labels)
        errs = [
            self._emit(parse_rule(kind), Location(display, d.span), d.message)
            for d in (art.parsed.errors if art.parsed is not None else [])
        ]
        return art, errs, None

    @staticmethod
    def source_for(target: Target, text: str, encoding: str) -> SourceFile:
        """The source of a scanned file from its decoded text (a template's placeholders masked)."""
        masked = mask_placeholders(PurePosixPath(target.path.name), text)
        changed = masked is not text and masked != text
        return SourceFile(target.path, masked, target.display, encoding=encoding, masked=changed)

    def _reparser(self, art: Artifact, env: ParseEnv) -> Callable[[], Parsed[FileModel]]:
        def again() -> Parsed[FileModel]:
            from deploylint.budget import suspended

            assert art.source is not None
            parse = parser_for(art.kind)
            assert parse is not None
            # a cold run parsed it before any rule's budget started: its clock is stopped
            with suspended():
                return parse(art.source, env)

        return again


def confined(path: Path, root: Path) -> Path:
    """The real path of a file the scan may read, confined again at read time (discovery
    checked it earlier; it may have been swapped for a link since). The read itself goes
    through :func:`deploylint.paths.read_regular`: regular files only, no link followed, at
    most the size limit + 1 bytes whatever ``stat`` says."""
    # resolved afresh, not through paths.resolve's cache: that holds what discovery saw, so a
    # folder on the path swapped for a link to outside since then was read through
    real = Path(os.path.realpath(path))
    if real != Path(os.path.abspath(path)) and not is_within(real, root):  # noqa: PTH100 - not resolved
        # a link (given, or swapped in since discovery) to a file outside the root; a plain
        # file the user named outside the root is theirs to read
        raise NotReadable("leads through a symlink to outside the scanned root; not read")
    return real


Parse = Callable[[SourceFile, ParseEnv], Parsed[FileModel]]


def parser_for(kind: Kind) -> Parse | None:
    """The parse function of ``kind``: ``parse(source, env)`` of the module :data:`PARSER_MODULE`
    names (imported on first use, so a scan loads only the parsers of the kinds it meets), or
    None for a kind without a parser."""
    module_name = PARSER_MODULE.get(kind)
    if module_name is None or importlib.util.find_spec(module_name) is None:
        return None
    parse: Parse = importlib.import_module(module_name).parse
    return parse
