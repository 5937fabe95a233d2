"""Edits the Compose rules' fixes are made of: new keys written in the file's own block style.

Every helper returns None when the edit cannot be made exactly (a flow mapping, a service merged
from another file or a ``<<`` key, odd indentation): the rule then attaches no fix.
"""

from __future__ import annotations

from deploylint.findings import Edit
from deploylint.models.compose import Service
from deploylint.parsers._yaml import YMap, YNode, YSeq
from deploylint.source import SourceFile


def block_layout(src: SourceFile, node: YMap, parent_col: int) -> tuple[str, str] | None:
    """(indent of ``node``'s keys, one indentation step) when ``node`` is a block mapping whose
    keys start their lines at one column, deeper than ``parent_col`` (1-based)."""
    if not node.pairs:
        return None
    cols = {p.key.span.start_col for p in node.pairs}
    col = node.pairs[0].key.span.start_col
    if len(cols) != 1 or col <= parent_col:
        return None
    for p in node.pairs:
        k = p.key.span
        if src.text[src.line_start(k.start_line) : k.start_offset].strip(" "):
            return None  # a flow mapping, or a key after something else on its line
    return " " * (col - 1), " " * (col - parent_col)


def content_end(src: SourceFile, node: YNode) -> int:
    """Offset just past the last character a node's text really holds: a block collection's span
    runs on to the next token (over blank and comment lines), so it descends to its last item."""
    while True:
        if (
            isinstance(node, YMap)
            and node.pairs
            and src.text[node.span.start_offset : node.span.start_offset + 1] != "{"
        ):
            node = node.pairs[-1].value
        elif (
            isinstance(node, YSeq)
            and node.items
            and src.text[node.span.start_offset : node.span.start_offset + 1] != "["
        ):
            node = node.items[-1]
        else:
            break
    end = node.span.end_offset
    while end > 0 and src.text[end - 1] in " \t\r\n":
        end -= 1
    return end


def add_to_service(svc: Service, lines: list[tuple[int, str]]) -> Edit | None:
    """Lines appended after the service's last key: ``(depth, text)`` each, depth 0 being the
    service's own keys. Only for a service written whole in one file, in block style, without
    ``<<`` merges."""
    src = svc.file
    node = svc.node
    if node.merge_keys or any(k.file is not src for k in svc.keys.values()) or any(p.merged for p in node.pairs):
        return None
    layout = block_layout(src, node, svc.name.span.start_col)
    if layout is None:
        return None
    indent, step = layout
    end = content_end(src, node)
    if end <= 0 or end > len(src.text):
        return None
    line = src.position(end - 1)[0]
    nl = src.newline(line)
    body = "".join(f"{indent}{step * depth}{text}{nl}" for depth, text in lines)
    if line < src.line_count and src.line_start(line + 1) > src.line_start(line):
        at = src.line_start(line + 1)
        if src.text[at - 1] != "\n":
            return None
        return Edit(src.insertion(at), body)
    return Edit(src.insertion(len(src.text)), ("" if src.text.endswith("\n") else nl) + body)
