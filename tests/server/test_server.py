"""``deploylint server`` end to end: a real LSP client (pytest-lsp's) drives the server subprocess."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the 'server' extra (pygls)")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="the end-to-end tests need pytest-lsp")

from lsprotocol import types as lsp  # noqa: E402

from deploylint.server import codepoint_col, ids_at, utf16_col  # noqa: E402

Scenario = Callable[[object, Path], Awaitable[None]]


def _uri(p: Path) -> str:
    return p.resolve().as_uri()


async def _session(root: Path, scenario: Scenario) -> None:
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "deploylint", "server", cwd=str(root))
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=caps, root_uri=_uri(root), workspace_folders=[lsp.WorkspaceFolder(_uri(root), "w")]
        )
    )
    try:
        await asyncio.wait_for(scenario(client, root), 60)
    finally:
        await client.shutdown_session()


def run(root: Path, scenario: Scenario) -> None:
    asyncio.run(_session(root, scenario))


async def after(client: object, uri: str, action: Callable[[], object]) -> list[lsp.Diagnostic]:
    """Do ``action`` and return the next diagnostics published for ``uri`` (pytest-lsp keeps the
    latest per document; polling it cannot miss one published right after another)."""
    seen: dict[str, object] = client.diagnostics  # type: ignore[attr-defined]
    before = seen.get(uri)
    action()
    while seen.get(uri) is before:
        await asyncio.sleep(0.005)
    return list(seen[uri])  # type: ignore[call-overload]


def _triples(diags: list[lsp.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return sorted(
        (str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diags
    )


def _repo(tmp_path: Path, select: str = '["DKR001", "DKR004"]') -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".deploylint.toml").write_text(f"select = {select}\n")
    return tmp_path


def test_columns_convert_between_code_points_and_utf16() -> None:
    line = 'RUN echo "😀" && npm install'
    assert utf16_col(line, 17) == 17  # 16 code points before column 17, one of them astral
    assert codepoint_col(line, 17) == 17
    assert utf16_col("abc", 1) == 0
    assert ids_at("# deploylint: ignore[DKR001, DKR004] pinned", 25) == ["DKR001", "DKR004"]
    assert ids_at("# deploylint: ignore[DKR001] pinned", 40) == []


def _config_changed(c: object, root: Path, text: str) -> Callable[[], object]:
    def go() -> None:
        (root / ".deploylint.toml").write_text(text)
        event = lsp.FileEvent(_uri(root / ".deploylint.toml"), lsp.FileChangeType.Changed)
        c.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([event]))  # type: ignore[attr-defined]

    return go


def test_open_change_hover_ignore_action_and_config_reload(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    df = root / "Dockerfile"
    df.write_text("FROM node:20.11.1-slim\n")  # on disk: clean; the buffer is what counts
    uri = _uri(df)

    async def scenario(c: object, root: Path) -> None:
        text = 'FROM node:latest\nRUN echo "😀" && npm ci\n'
        item = lsp.TextDocumentItem(uri, "dockerfile", 1, text)
        diags = await after(c, uri, lambda: c.text_document_did_open(lsp.DidOpenTextDocumentParams(item)))  # type: ignore[attr-defined]
        assert _triples(diags) == [("DKR001", 0, 5, 0, 16)]
        d = diags[0]
        assert d.severity == lsp.DiagnosticSeverity.Warning
        assert d.source == "deploylint"
        assert d.code_description is not None
        assert d.code_description.href.endswith("/docs/rules/DKR001.md")

        # an edit of the unsaved buffer: npm install after an astral character (UTF-16 columns)
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(lsp.Position(1, 17), lsp.Position(1, 23)), text="npm install"
        )
        params = lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(version=2, uri=uri), [change])
        diags = await after(c, uri, lambda: c.text_document_did_change(params))  # type: ignore[attr-defined]
        assert [(t[0], t[1], t[2]) for t in _triples(diags)] == [("DKR001", 0, 5), ("DKR004", 1, 17)]

        hover = await c.text_document_hover_async(  # type: ignore[attr-defined]
            lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(0, 8))
        )
        assert hover is not None and "DKR001" in hover.contents.value

        actions = await c.text_document_code_action_async(  # type: ignore[attr-defined]
            lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(uri),
                lsp.Range(lsp.Position(0, 6), lsp.Position(0, 6)),
                lsp.CodeActionContext(diagnostics=[]),
            )
        )
        ignore = [a for a in actions if a.title == "Ignore DKR001 on this line"]
        assert len(ignore) == 1
        edits = ignore[0].edit.changes[uri]
        assert [(e.range.start.line, e.range.start.character, e.new_text) for e in edits] == [
            (0, 0, "# deploylint: ignore[DKR001]\n")
        ]

        # the config changes on disk: every open document is linted again with the new settings
        diags = await after(c, uri, _config_changed(c, root, 'select = ["DKR004"]\n'))
        assert [t[0] for t in _triples(diags)] == ["DKR004"]

        # a config error is one diagnostic on the config file, and the server keeps serving
        cfg_uri = _uri(root / ".deploylint.toml")
        cfg = await after(c, cfg_uri, _config_changed(c, root, 'selekt = ["DKR004"]\n'))
        assert len(cfg) == 1 and "selekt" in cfg[0].message
        diags = await after(c, uri, _config_changed(c, root, 'select = ["DKR001"]\n'))
        assert [t[0] for t in _triples(diags)] == ["DKR001"]
        assert list(c.diagnostics[cfg_uri]) == []  # type: ignore[attr-defined]

    run(root, scenario)


def test_a_hostile_document_gives_one_finding_and_the_server_lives_on(tmp_path: Path) -> None:
    root = _repo(tmp_path, '["CMP"]')
    compose = root / "compose.yaml"
    compose.write_text("services: {}\n")
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    df = root / "Dockerfile"
    df.write_text("FROM node:latest\n")

    async def scenario(c: object, root: Path) -> None:
        uri = _uri(compose)
        item = lsp.TextDocumentItem(uri, "yaml", 1, bomb)
        diags = await after(c, uri, lambda: c.text_document_did_open(lsp.DidOpenTextDocumentParams(item)))  # type: ignore[attr-defined]
        assert [str(d.code) for d in diags] == ["CMP000"]
        await after(c, uri, _config_changed(c, root, 'select = ["DKR001"]\n'))
        duri = _uri(df)
        other = lsp.TextDocumentItem(duri, "dockerfile", 1, "FROM node:latest\n")
        diags = await after(c, duri, lambda: c.text_document_did_open(lsp.DidOpenTextDocumentParams(other)))  # type: ignore[attr-defined]
        assert _triples(diags) == [("DKR001", 0, 5, 0, 16)]

    run(root, scenario)


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions; the test texts are ASCII) to ``text``."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p: lsp.Position) -> int:
        return starts[p.line] + p.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


def test_quick_fix_and_fix_all_give_what_check_fix_writes(tmp_path: Path) -> None:
    root = _repo(tmp_path, '["DKR039", "DKR017"]')
    text = "FROM golang:1.22 as build\nMAINTAINER Jane <jane@example.com>\nFROM alpine:3.20\n"
    df = root / "Dockerfile"
    df.write_text(text)
    uri = _uri(df)
    cli = root / "cli"
    cli.mkdir()
    (cli / ".git").mkdir()
    (cli / ".deploylint.toml").write_text('select = ["DKR039", "DKR017"]\n')
    (cli / "Dockerfile").write_text(text)
    import subprocess

    subprocess.run([sys.executable, "-m", "deploylint", "check", "--fix", "Dockerfile"], cwd=cli, check=False)
    expected = (cli / "Dockerfile").read_text()
    assert expected != text

    async def scenario(c: object, root: Path) -> None:
        item = lsp.TextDocumentItem(uri, "dockerfile", 1, text)
        diags = await after(c, uri, lambda: c.text_document_did_open(lsp.DidOpenTextDocumentParams(item)))  # type: ignore[attr-defined]
        assert sorted(str(d.code) for d in diags) == ["DKR017", "DKR039"]
        whole = lsp.Range(lsp.Position(0, 0), lsp.Position(3, 0))
        actions = await c.text_document_code_action_async(  # type: ignore[attr-defined]
            lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), whole, lsp.CodeActionContext(diagnostics=[]))
        )
        quick = [a for a in actions if a.kind == lsp.CodeActionKind.QuickFix and not a.title.startswith("Ignore")]
        assert len(quick) == 2
        one_by_one = text
        for a in sorted(quick, key=lambda a: a.edit.changes[uri][0].range.start.line, reverse=True):
            one_by_one = _apply(one_by_one, a.edit.changes[uri])
        assert one_by_one == expected
        fix_all = [a for a in actions if a.kind == "source.fixAll.deploylint"]
        assert len(fix_all) == 1
        assert _apply(text, fix_all[0].edit.changes[uri]) == expected

    run(root, scenario)
