"""Exact-span edits of a step's YAML for fixes (not a rule module: the registry skips ``_`` names).

Nothing is re-serialised: a line is inserted with the indentation, line ending and style (block or
flow) of what is around it, and a layout these helpers cannot handle exactly gives None (no fix).
"""

from __future__ import annotations

from deploylint.findings import Edit
from deploylint.parsers._yaml import YMap, YNode, YScalar
from deploylint.source import SourceFile


def is_flow(node: YNode, src: SourceFile) -> bool:
    return src.text[node.span.start_offset : node.span.start_offset + 1] in ("{", "[")


def _starts_line(src: SourceFile, offset: int) -> bool:
    line, _ = src.position(offset)
    return not src.text[src.line_start(line) : offset].strip()


def _plain_map(node: YNode | None, src: SourceFile) -> YMap | None:
    """A mapping written here (no anchor, alias or merge key, whose spans could point elsewhere)."""
    if not isinstance(node, YMap) or node.anchor is not None or node.merge_keys or node.odd_keys:
        return None
    return node


def _unit(step: YMap, src: SourceFile) -> str:
    """The file's indentation step, from a block mapping inside the step (else two spaces)."""
    for p in step.pairs:
        child = p.value
        if isinstance(child, YMap) and child.pairs and not is_flow(child, src):
            d = child.pairs[0].key.span.start_col - p.key.span.start_col
            if d > 0:
                return " " * d
    return "  "


def add_entry(
    step: YMap | None, src: SourceFile, key: str, entry: str, *, after: str | None = None, before: str | None = None
) -> Edit | None:
    """An edit adding ``entry`` (``name: value``) to the step's ``key:`` mapping: as its first entry
    when the mapping exists (block or flow), else a new ``key:`` block at the step's indentation,
    on the line after the ``after`` pair or in front of the ``before`` pair."""
    step = _plain_map(step, src)
    if step is None or not step.pairs or is_flow(step, src):
        return None
    pair = step.pair(key)
    if pair is not None:
        child = _plain_map(pair.value, src)
        if child is None:
            return None
        if is_flow(child, src):
            if not child.pairs:
                return Edit(src.insertion(child.span.start_offset + 1), entry)
            return Edit(src.insertion(child.pairs[0].key.span.start_offset), f"{entry}, ")
        if not child.pairs:
            return None
        first = child.pairs[0].key.span
        if not _starts_line(src, first.start_offset):
            return None
        line = first.start_line
        return Edit(src.insertion(src.line_start(line)), f"{src.indent(line)}{entry}{src.newline(line)}")
    indent = " " * (step.pairs[0].key.span.start_col - 1)
    unit = _unit(step, src)
    if after is not None:
        anchor = step.pair(after)
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
        anchor = step.pair(before)
        if anchor is None:
            return None
        at = anchor.key.span.start_offset
        line = anchor.key.span.start_line
        nl = src.newline(line)
        if _starts_line(src, at):
            return Edit(src.insertion(src.line_start(line)), f"{indent}{key}:{nl}{indent}{unit}{entry}{nl}")
        if anchor is step.pairs[0]:  # `- run: ...`: the new key takes the dash, the old one moves down
            return Edit(src.insertion(at), f"{key}:{nl}{indent}{unit}{entry}{nl}{indent}")
    return None


__all__ = ["add_entry", "is_flow"]
