"""``deploylint server``: the Language Server Protocol over stdio.

Diagnostics for every kind the engine knows, published on open, change (debounced, from the unsaved
buffer: open documents are overlaid on the files on disk, so cross-file rules see them too) and save;
quick fixes for every fix a finding carries, "fix all safe problems" (``source.fixAll.deploylint``)
and "ignore <ID> on this line"; hover with the rule's explanation on a diagnostic or on the ids of a
``# deploylint: ignore[...]`` comment. The config is found per document as the CLI finds it and is
reloaded when a config file changes; a config error becomes one diagnostic on the config file.

pygls is imported here only, so the command line never pays for it (``pip install deploylint[server]``).
LSP positions count UTF-16 code units; deploylint's columns count code points: ``utf16_col`` converts.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.findings import Applicability, Finding, Severity
from deploylint.kinds import is_parse_rule
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lsprotocol import types as lsp
    from pygls.lsp.server import LanguageServer

    from deploylint.findings import Location
    from deploylint.registry import AnyRule, Registry
    from deploylint.settings import Settings

#: seconds a burst of edits waits before the document is linted again
DEBOUNCE = 0.005
#: config files whose change reloads the settings of every open document
CONFIG_GLOBS = (
    "**/pyproject.toml",
    "**/.deploylint.toml",
    "**/.deploylint.yaml",
    "**/.deploylint.yml",
    "**/.hadolint.yaml",
    "**/.hadolint.yml",
)
FIX_ALL_KIND = "source.fixAll.deploylint"
_IGNORE = re.compile(r"deploylint\s*:\s*ignore(?:-file)?\s*\[([^\]]*)\]")


def utf16_col(line: str, col: int) -> int:
    """The 0-based UTF-16 column of 1-based code-point column ``col`` on ``line``."""
    head = line[: max(col - 1, 0)]
    return len(head) + sum(1 for ch in head if ord(ch) > 0xFFFF)


def codepoint_col(line: str, character: int) -> int:
    """The 1-based code-point column of 0-based UTF-16 position ``character`` on ``line``."""
    units = 0
    for i, ch in enumerate(line):
        if units >= character:
            return i + 1
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line) + 1


@record(frozen=False, slots=False)
class Linted:
    """The last lint of one document: its text, findings, and the version they belong to."""

    text: str
    findings: list[Finding]
    version: int | None = None


@record(frozen=False, slots=False)
class State:
    """What the server keeps between requests."""

    linted: dict[str, Linted] = field(default_factory=dict)  # by uri
    settings: dict[Path, Settings] = field(default_factory=dict)  # by folder
    pending: dict[str, asyncio.TimerHandle] = field(default_factory=dict)
    config_uris: set[str] = field(default_factory=set)  # config files that carry a diagnostic now


def uri_to_path(uri: str) -> Path | None:
    from pygls.uris import to_fs_path

    if not uri.startswith("file:"):
        return None
    from deploylint.paths import name_too_long

    fs = to_fs_path(uri)
    # no file name holds a NUL byte, nor more than the system allows: such a document is not linted
    return Path(fs) if fs and "\x00" not in fs and not name_too_long(fs) else None


def path_to_uri(path: Path) -> str:
    from pygls.uris import from_fs_path

    return from_fs_path(str(path)) or path.as_uri()


def _range(src: SourceFile, span: Span) -> lsp.Range:
    from lsprotocol import types as lsp

    start_line = max(span.start_line, 1)
    end_line = max(span.end_line, start_line)
    start = lsp.Position(start_line - 1, utf16_col(src.line_text(start_line), span.start_col))
    end = lsp.Position(end_line - 1, utf16_col(src.line_text(end_line), span.end_col))
    return lsp.Range(start, end)


_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}


class Linter:
    """Lints documents for the server: config per folder, open documents overlaid on the disk."""

    def __init__(self, registry: Registry | None = None) -> None:
        from deploylint.registry import Registry

        self.registry = registry if registry is not None else Registry()
        self.state = State()

    def settings_for(self, path: Path) -> Settings:
        from deploylint.config import load_settings

        folder = path.parent
        got = self.state.settings.get(folder)
        if got is None:
            got = self.state.settings[folder] = load_settings(path)
        return got

    def forget_settings(self) -> None:
        self.state.settings.clear()

    def lint(self, path: Path, overlay: dict[Path, str]) -> tuple[SourceFile, list[Finding]]:
        """Lint ``path`` with ``overlay`` (open documents) standing in for the files."""
        import dataclasses

        from deploylint.discovery import display_path
        from deploylint.engine import Engine
        from deploylint.paths import resolve

        resolved = resolve(path)
        text = overlay.get(resolved)
        settings = dataclasses.replace(self.settings_for(path), jobs=1)
        if text is None:
            # a document the editor does not hold (saved after it was closed): read as the scan
            # reads, so a FIFO or a link to /dev/zero neither blocks the server nor fills memory;
            # the engine reports such a file (CORE004) and this text only places the findings
            from deploylint.paths import read_regular

            try:
                text = read_regular(resolved, settings.max_file_size)[: settings.max_file_size].decode(
                    "utf-8", "replace"
                )
            except OSError:
                text = ""
        report = Engine(settings, self.registry, overlay=overlay).run([path])
        display = display_path(resolved)
        src = SourceFile(resolved, text, display)
        return src, [f for f in report.findings if f.location.path == display]


def diagnostic(src: SourceFile, f: Finding, registry: Registry, root: Path) -> lsp.Diagnostic:
    from lsprotocol import types as lsp

    from deploylint.docs import help_uri

    rule = registry.rules.get(f.rule_id)
    related: list[lsp.DiagnosticRelatedInformation] = []
    for r in f.related:
        other = root / r.path if not Path(r.path).is_absolute() else Path(r.path)
        if other == src.path or r.path == src.display:
            rng = _range(src, r.span)
        else:
            rng = lsp.Range(
                lsp.Position(max(r.span.start_line - 1, 0), max(r.span.start_col - 1, 0)),
                lsp.Position(max(r.span.end_line - 1, 0), max(r.span.end_col - 1, 0)),
            )
        related.append(lsp.DiagnosticRelatedInformation(lsp.Location(path_to_uri(other), rng), r.note or f.message))
    return lsp.Diagnostic(
        range=_range(src, f.location.span),
        message=f.message,
        severity=lsp.DiagnosticSeverity(_SEVERITY[f.severity]),
        code=f.rule_id,
        code_description=lsp.CodeDescription(href=help_uri(rule)) if rule is not None else None,
        source="deploylint",
        related_information=related or None,
        data={"rule": f.rule_id, "name": f.rule_name},
    )


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def _text_edit(src: SourceFile, span: Span, text: str) -> lsp.TextEdit:
    from lsprotocol import types as lsp

    start = src.position(span.start_offset)
    end = src.position(span.end_offset)
    rng = lsp.Range(
        lsp.Position(start[0] - 1, utf16_col(src.line_text(start[0]), start[1])),
        lsp.Position(end[0] - 1, utf16_col(src.line_text(end[0]), end[1])),
    )
    return lsp.TextEdit(rng, text)


def _whole(src: SourceFile, new: str) -> lsp.TextEdit:
    from lsprotocol import types as lsp

    last = src.line_count
    end = lsp.Position(last - 1, utf16_col(src.line_text(last), len(src.line_text(last)) + 1))
    return lsp.TextEdit(lsp.Range(lsp.Position(0, 0), end), new)


def _ignore_edit(src: SourceFile, f: Finding) -> lsp.TextEdit:
    """``# deploylint: ignore[ID]`` on its own line above the finding, indented like that line."""
    from lsprotocol import types as lsp

    line = f.location.span.start_line
    return lsp.TextEdit(
        lsp.Range(lsp.Position(line - 1, 0), lsp.Position(line - 1, 0)),
        f"{src.indent(line)}# deploylint: ignore[{f.rule_id}]{src.newline(line)}",
    )


def code_actions(
    uri: str, linted: Linted, rng: lsp.Range, only: Sequence[str] | None, fix_all_text: str | None, src: SourceFile
) -> list[lsp.CodeAction]:
    """Quick fixes and ignores for the findings under ``rng``, and the fix-all action when the
    document has safe fixes (``fix_all_text`` is the whole fixed text)."""
    from lsprotocol import types as lsp

    wants_quick = not only or any(k.startswith("quickfix") for k in only)
    wants_all = not only or any(k in ("source", "source.fixAll", FIX_ALL_KIND) for k in only)
    out: list[lsp.CodeAction] = []
    if wants_quick:
        for f in linted.findings:
            if not _overlaps(_range(src, f.location.span), rng):
                continue
            if f.fix is not None and f.fix.edits:
                unsafe = f.fix.applicability is Applicability.UNSAFE
                title = f"{f.fix.title} ({f.rule_id}{', unsafe' if unsafe else ''})"
                edit = lsp.WorkspaceEdit(changes={uri: [_text_edit(src, e.span, e.text) for e in f.fix.edits]})
                out.append(lsp.CodeAction(title, kind=lsp.CodeActionKind.QuickFix, edit=edit, is_preferred=not unsafe))
            if not src.display.endswith(".json"):
                edit = lsp.WorkspaceEdit(changes={uri: [_ignore_edit(src, f)]})
                out.append(
                    lsp.CodeAction(f"Ignore {f.rule_id} on this line", kind=lsp.CodeActionKind.QuickFix, edit=edit)
                )
    if wants_all and fix_all_text is not None and fix_all_text != linted.text:
        edit = lsp.WorkspaceEdit(changes={uri: [_whole(src, fix_all_text)]})
        out.append(lsp.CodeAction("Fix all safe deploylint problems", kind=FIX_ALL_KIND, edit=edit))
    return out


def ids_at(line: str, character: int) -> list[str]:
    """The rule ids of a ``deploylint: ignore[...]`` comment under the 0-based UTF-16 cursor."""
    col = codepoint_col(line, character) - 1
    for m in _IGNORE.finditer(line):
        if m.start() <= col <= m.end():
            return [c.strip() for c in m.group(1).split(",") if c.strip()]
    return []


def hover_text(rules: Iterable[AnyRule]) -> str:
    from deploylint.docs import to_markdown

    return "\n\n---\n\n".join(to_markdown(r) for r in rules)


def make_server(linter: Linter | None = None) -> LanguageServer:
    from lsprotocol import types as lsp
    from pygls.lsp.server import LanguageServer

    from deploylint import __version__
    from deploylint.config import ConfigError

    server = LanguageServer("deploylint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
    dl = linter or Linter()

    def overlay() -> dict[Path, str]:
        from deploylint.paths import resolve

        out: dict[Path, str] = {}
        for uri, doc in list(server.workspace.text_documents.items()):
            p = uri_to_path(uri)
            if p is not None:
                out[resolve(p)] = doc.source
        return out

    def log(message: str, kind: lsp.MessageType = lsp.MessageType.Log) -> None:
        with contextlib.suppress(Exception):
            server.window_log_message(lsp.LogMessageParams(kind, message))

    def publish(uri: str, diags: list[lsp.Diagnostic], version: int | None = None) -> None:
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, diags, version))

    def lint_now(uri: str) -> None:
        dl.state.pending.pop(uri, None)
        path = uri_to_path(uri)
        if path is None:
            return
        doc = server.workspace.text_documents.get(uri)
        version = doc.version if doc is not None else None
        try:
            src, findings = dl.lint(path, overlay())
        except ConfigError as exc:
            report_config_error(path, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the editor session must survive a bug
            import traceback

            log(f"deploylint: internal error on {uri}: {exc}\n{traceback.format_exc()}", lsp.MessageType.Error)
            text = doc.source if doc is not None else ""
            src = SourceFile(path, text, path.name)
            findings = [
                Finding(
                    "CORE001",
                    "internal-error",
                    Severity.ERROR,
                    f"internal error: {type(exc).__name__}: {exc}",
                    _start_location(path.name),
                )
            ]
        dl.state.linted[uri] = Linted(src.text, findings, version)
        from deploylint.paths import resolve

        root = resolve(Path())
        publish(uri, [diagnostic(src, f, dl.registry, root) for f in findings], version)

    def report_config_error(path: Path, message: str) -> None:
        from deploylint.config.loader import find_config

        cfg = find_config(path)
        target = path_to_uri(cfg) if cfg is not None else path_to_uri(path)
        dl.state.config_uris.add(target)
        rng = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 1))
        publish(
            target, [lsp.Diagnostic(rng, message, lsp.DiagnosticSeverity.Error, code="CORE000", source="deploylint")]
        )
        log(f"deploylint: config error: {message}", lsp.MessageType.Warning)

    def schedule(uri: str, delay: float = DEBOUNCE) -> None:
        loop = asyncio.get_event_loop()
        old = dl.state.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        dl.state.pending[uri] = loop.call_later(delay, lint_now, uri)

    def relint_all() -> None:
        dl.forget_settings()
        for uri in list(dl.state.config_uris):
            publish(uri, [])
        dl.state.config_uris.clear()
        for uri in list(server.workspace.text_documents):
            lint_now(uri)

    @server.feature(lsp.INITIALIZED)
    def initialized(_params: lsp.InitializedParams) -> None:
        caps = server.client_capabilities.workspace
        dynamic = (
            caps is not None
            and caps.did_change_watched_files is not None
            and caps.did_change_watched_files.dynamic_registration
        )
        if dynamic:
            watchers = [lsp.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
            reg = lsp.Registration(
                "deploylint-config-watch",
                lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            server.client_register_capability(lsp.RegistrationParams([reg]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        lint_now(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = dl.state.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        dl.state.linted.pop(uri, None)
        publish(uri, [])

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(params: lsp.DidChangeWatchedFilesParams) -> None:
        names = {Path(c.uri).name for c in params.changes}
        if names & {
            "pyproject.toml",
            ".deploylint.toml",
            ".deploylint.yaml",
            ".deploylint.yml",
            ".hadolint.yaml",
            ".hadolint.yml",
        }:
            relint_all()

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        linted = dl.state.linted.get(uri)
        path = uri_to_path(uri)
        if linted is None or path is None:
            return []
        src = SourceFile(path, linted.text, path.name)
        fixed = fix_all_text(dl, path, linted, overlay())
        return code_actions(uri, linted, params.range, params.context.only, fixed, src)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        linted = dl.state.linted.get(uri)
        path = uri_to_path(uri)
        if linted is None or path is None:
            return None
        src = SourceFile(path, linted.text, path.name)
        pos = params.position
        line_text = src.line_text(pos.line + 1)
        rules: list[AnyRule] = []
        for ref in ids_at(line_text, pos.character):
            found = dl.registry.get(ref)
            if found is not None and found not in rules:
                rules.append(found)
        if not rules:
            point = lsp.Range(pos, pos)
            for f in linted.findings:
                r = dl.registry.rules.get(f.rule_id)
                if r is not None and r not in rules and _overlaps(_range(src, f.location.span), point):
                    rules.append(r)
        if not rules:
            return None
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, hover_text(rules)))

    return server


def _start_location(display: str) -> Location:
    from deploylint.findings import Location
    from deploylint.source import START

    return Location(display, START)


def fix_all_text(dl: Linter, path: Path, linted: Linted, overlay: dict[Path, str]) -> str | None:
    """The document with every safe fix applied (verified as ``check --fix`` verifies), or None."""
    from deploylint.fix import Lint, Policy, fix_all
    from deploylint.paths import resolve

    policy = Policy()
    if not any(policy.allows(f) for f in linted.findings):
        return None
    resolved = resolve(path)
    display = linted.findings[0].location.path

    def run(texts: Mapping[str, str], _only: set[str] | None) -> list[Finding]:
        _src, found = dl.lint(path, {**overlay, resolved: texts[display]})
        return found

    outcomes, _ = fix_all(
        {display: linted.text}, linted.findings, Lint(run, lambda f: is_parse_rule(f.rule_id)), policy
    )
    got = outcomes.get(display)
    return got.text if got is not None else None


def serve() -> None:
    """Run the server on stdin/stdout until the client exits."""
    make_server().start_io()
