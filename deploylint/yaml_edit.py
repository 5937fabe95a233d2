"""Exact-span edits of YAML text for fixes (Compose and workflow rules share them).

Nothing is re-serialised: a line is inserted with the indentation, line ending and style (block or
flow) of what is around it, and a layout these helpers cannot handle exactly gives None (the rule
then attaches no fix).
"""

from __future__ import annotations

from deploylint.findings import Edit
from deploylint.models.tree import YMap, YNode, YPair, YScalar, YSeq
from deploylint.source import SourceFile


def is_flow(node: YNode, src: SourceFile) -> bool:
    """The node is a flow collection (``{...}`` or ``[...]``), also behind an ``&anchor`` or a
    ``!tag`` (a node's span starts at its properties)."""
    text = src.text
    at = node.span.start_offset
    end = min(node.span.end_offset, len(text))
    while at < end and text[at] in "&!":
        while at < end and text[at] not in " \t\r\n":
            at += 1
        while at < end and text[at] in " \t\r\n":
            at += 1
    return text[at : at + 1] in ("{", "[")


def starts_line(src: SourceFile, offset: int) -> bool:
    """Only blanks stand before ``offset`` on its line."""
    line, _ = src.position(offset)
    return not src.text[src.line_start(line) : offset].strip()


def plain_map(node: YNode | None) -> YMap | None:
    """A mapping written here (no anchor, alias or merge key, whose spans could point elsewhere)."""
    if not isinstance(node, YMap) or node.anchor is not None or node.merge_keys or node.odd_keys:
        return None
    return node


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
        if not starts_line(src, p.key.span.start_offset):
            return None  # a flow mapping, or a key after something else on its line
    return " " * (col - 1), " " * (col - parent_col)


def _last_leaf(src: SourceFile, node: YNode) -> YNode:
    """The node whose text ends ``node``'s: a block collection's last item, descended."""
    while True:
        if isinstance(node, YMap) and node.pairs and not is_flow(node, src):
            node = node.pairs[-1].value
        elif isinstance(node, YSeq) and node.items and not is_flow(node, src):
            node = node.items[-1]
        else:
            return node


def content_end(src: SourceFile, node: YNode) -> int:
    """Offset just past the last character a node's text really holds: a block collection's span
    runs on to the next token (over blank and comment lines), so it descends to its last item."""
    node = _last_leaf(src, node)
    end = min(node.span.end_offset, len(src.text))
    while end > 0 and src.text[end - 1] in " \t\r\n":
        end -= 1
    return end


def lines_after(src: SourceFile, node: YNode, lines: list[str]) -> Edit | None:
    """An edit inserting whole ``lines`` (indentation included, no line ending) after the last
    line of ``node``'s text (:func:`content_end`), with that line's ending. None when ``node``
    ends in a block scalar (``|``, ``>``) that keeps its trailing lines (``|+``) or stands on the
    file's last line with no line break: the insertion would change the scalar's value."""
    end = content_end(src, node)
    if end <= 0 or end > len(src.text):
        return None
    leaf = _last_leaf(src, node)
    if isinstance(leaf, YScalar) and leaf.style in ("|", ">"):
        start = leaf.span.start_offset
        header = src.text[start : src.text.find("\n", start) if "\n" in src.text[start:] else len(src.text)]
        if "+" in header.split("#", 1)[0] or "\n" not in src.text[end:]:
            return None  # kept trailing lines (``|+``) or no final break: the insertion would change the value
    line = src.position(end - 1)[0]
    nl = src.newline(line)
    body = "".join(f"{text}{nl}" for text in lines)
    if line < src.line_count and src.line_start(line + 1) > src.line_start(line):
        at = src.line_start(line + 1)
        if src.text[at - 1] != "\n":
            return None
        return Edit(src.insertion(at), body)
    return Edit(src.insertion(len(src.text)), ("" if src.text.endswith("\n") else nl) + body)


def delete_pair(src: SourceFile, pair: YPair) -> Edit | None:
    """An edit removing the lines of a block mapping's ``pair`` (its key starts a line; a comment
    at the end of its last line goes with it). None when something else shares those lines."""
    start = src.line_start(pair.key.span.start_line)
    if not starts_line(src, pair.key.span.start_offset):
        return None
    end = content_end(src, pair.value) if not (isinstance(pair.value, YScalar) and pair.value.is_null) else 0
    end = max(end, pair.key.span.end_offset)
    last = src.position(end - 1)[0]
    rest = src.text[end : src.line_start(last + 1) if last < src.line_count else len(src.text)]
    if rest.strip() and not rest.strip().startswith("#"):
        return None
    stop = src.line_start(last + 1) if last < src.line_count else len(src.text)
    if stop <= start or _empties_document(src.text, start, stop):
        return None
    return Edit(src.span(start, stop), "")


def _trivia(line: str) -> bool:
    """A blank or comment-only line."""
    return not line.strip() or line.lstrip().startswith("#")


def _empties_document(text: str, start: int, stop: int) -> bool:
    """Deleting ``[start, stop)`` leaves nothing but a ``...`` document end marker (with blank and
    comment lines): a text libyaml refuses (it needs ``---`` before an empty document)."""
    if not all(_trivia(line) for line in text[:start].splitlines()):
        return False
    for line in text[stop:].splitlines():
        if not _trivia(line):
            return line.startswith("...")
    return False


def append_item(src: SourceFile, seq: YSeq, item: str) -> Edit | None:
    """An edit adding ``item`` (its text, already quoted as needed) as the last item of a sequence
    written here: ``, item`` in a flow sequence, a ``- item`` line under the last one in a block
    sequence whose items each start their line."""
    if seq.anchor is not None:
        return None
    if is_flow(seq, src):
        if not seq.items:
            close = seq.span.end_offset - 1
            if src.text[close : close + 1] != "]":
                return None
            return Edit(src.insertion(close), item)
        return Edit(src.insertion(content_end(src, seq.items[-1])), f", {item}")
    if not seq.items:
        return None
    dashes = set()
    for it in seq.items:
        line = it.span.start_line
        head = src.text[src.line_start(line) : it.span.start_offset]
        if head.strip() != "-":
            return None  # an item after another on its line, or a nested `- - x`
        dashes.add(head)
    if len(dashes) != 1:
        return None
    return lines_after(src, seq, [f"{dashes.pop().rstrip()} {item}"])


def add_entry(
    node: YMap | None, src: SourceFile, key: str, entry: str, *, after: str | None = None, before: str | None = None
) -> Edit | None:
    """An edit adding ``entry`` (``name: value``) to the ``key:`` mapping of block mapping
    ``node`` (a workflow step): as its first entry when the mapping exists (block or flow), else a
    new ``key:`` block at the node's indentation, on the line after the ``after`` pair or in front
    of the ``before`` pair."""
    node = plain_map(node)
    if node is None or not node.pairs or is_flow(node, src):
        return None
    pair = node.pair(key)
    if pair is not None:
        child = plain_map(pair.value)
        if child is None:
            return None
        if is_flow(child, src):
            if not child.pairs:
                return Edit(src.insertion(child.span.start_offset + 1), entry)
            return Edit(src.insertion(child.pairs[0].key.span.start_offset), f"{entry}, ")
        if not child.pairs:
            return None
        first = child.pairs[0].key.span
        if not starts_line(src, first.start_offset):
            return None
        line = first.start_line
        return Edit(src.insertion(src.line_start(line)), f"{src.indent(line)}{entry}{src.newline(line)}")
    indent = " " * (node.pairs[0].key.span.start_col - 1)
    unit = indent_unit(node, src)
    if after is not None:
        anchor = node.pair(after)
        if anchor is None or not isinstance(anchor.value, YScalar) or anchor.value.style in ("|", ">"):
            return None
        line = anchor.value.span.end_line
        if anchor.key.span.start_line != line:
            return None
        end = src.line_start(line + 1) if line < src.line_count else len(src.text)
        rest = src.text[anchor.value.span.end_offset : end].strip()
        if rest and not rest.startswith("#"):
            return None
        nl = src.newline(line)
        lead = nl if line >= src.line_count else ""
        return Edit(src.insertion(end), f"{lead}{indent}{key}:{nl}{indent}{unit}{entry}{nl}")
    if before is not None:
        anchor = node.pair(before)
        if anchor is None:
            return None
        at = anchor.key.span.start_offset
        line = anchor.key.span.start_line
        nl = src.newline(line)
        if starts_line(src, at):
            return Edit(src.insertion(src.line_start(line)), f"{indent}{key}:{nl}{indent}{unit}{entry}{nl}")
        if anchor is node.pairs[0]:  # `- run: ...`: the new key takes the dash, the old one moves down
            return Edit(src.insertion(at), f"{key}:{nl}{indent}{unit}{entry}{nl}{indent}")
    return None


def indent_unit(node: YMap, src: SourceFile) -> str:
    """The file's indentation step, from a block mapping inside ``node`` (else two spaces)."""
    for p in node.pairs:
        child = p.value
        if isinstance(child, YMap) and child.pairs and not is_flow(child, src):
            d = child.pairs[0].key.span.start_col - p.key.span.start_col
            if d > 0:
                return " " * d
    return "  "


def replace_scalar(src: SourceFile, node: YScalar, old: str, new: str) -> Edit | None:
    """An edit replacing the text ``old`` at the start of a plain or quoted scalar's value with
    ``new``, when the value is written verbatim in the file (no escapes, no folding)."""
    if node.style not in ("", "'", '"') or not node.value.startswith(old):
        return None
    start = node.span.start_offset + (0 if node.style == "" else 1)
    if src.text[start : start + len(node.value)] != node.value:
        return None
    return Edit(src.span(start, start + len(old)) if old else src.insertion(start), new)


__all__ = [
    "add_entry",
    "append_item",
    "block_layout",
    "content_end",
    "delete_pair",
    "indent_unit",
    "is_flow",
    "lines_after",
    "plain_map",
    "replace_scalar",
    "starts_line",
]
