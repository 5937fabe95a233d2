"""Edits the nginx rules' fixes are made of, on the exact spans the parser gives every directive.

Every edit lands in the file that holds the directive it is computed from (an included file's
directive is fixed in the included file). Every helper returns None when the edit cannot be made
exactly (the directive shares its line with another one, it spans lines the edit would cut): the
rule then attaches no fix.
"""

from __future__ import annotations

from collections.abc import Sequence

from deploylint.findings import Edit
from deploylint.models.nginx import Arg, Directive
from deploylint.source import SourceFile


def next_line_start(src: SourceFile, line: int) -> int:
    """Offset of the first character after 1-based ``line`` and its line ending (the end of the
    text for the last line)."""
    return src.line_start(line + 1) if line < src.line_count else len(src.text)


def alone(d: Directive) -> bool:
    """``d`` sits on lines of its own: only blanks before it on its first line, only blanks or a
    comment after it on its last one."""
    src = d.source
    before = src.text[src.line_start(d.span.start_line) : d.span.start_offset]
    after = src.text[d.span.end_offset : next_line_start(src, d.span.end_line)].strip()
    return not before.strip() and after[:1] in ("", "#")


def lines_of(d: Directive) -> tuple[int, int] | None:
    """The offsets of the whole lines ``d`` occupies (with a comment after it and the final line
    ending), when it sits on lines of its own."""
    if not alone(d):
        return None
    src = d.source
    return src.line_start(d.span.start_line), next_line_start(src, d.span.end_line)


def own_lines(lines: Sequence[str], src: SourceFile, line: int, indent: str) -> str:
    """``lines`` as text to insert at the start of a line: each one indented, with the line ending
    of ``line``."""
    nl = src.newline(line)
    return "".join(f"{indent}{text}{nl}" for text in lines)


def insert_after(d: Directive, lines: Sequence[str]) -> Edit | None:
    """``lines`` on lines of their own just after ``d``, at its indentation."""
    if not alone(d) or not lines:
        return None
    src = d.source
    last = d.span.end_line
    end = next_line_start(src, last)
    text = own_lines(lines, src, last, src.indent(d.span.start_line))
    if end == len(src.text) and not src.text.endswith("\n"):  # the last line has no line ending
        nl = src.newline(last)
        text = nl + text[: -len(nl)]
    return Edit(src.insertion(end), text)


def raw_offset(src: SourceFile, arg: Arg) -> int | None:
    """Offset in the text of the first character of ``arg``'s value, when its value is written
    as is (no escapes; quotes around it allowed)."""
    raw = src.text[arg.span.start_offset : arg.span.end_offset]
    if raw == arg.value:
        return arg.span.start_offset
    if arg.quoted and len(raw) >= 2 and raw[1:-1] == arg.value:
        return arg.span.start_offset + 1
    return None


def block_step(block: Directive) -> str:
    """One indentation step of the file, from ``block``'s first child on a line of its own (four
    spaces when it shows none)."""
    src = block.source
    outer = src.indent(block.span.start_line)
    for c in block.block or ():
        if c.span.start_line != block.span.start_line and alone(c):
            inner = src.indent(c.span.start_line)
            if inner.startswith(outer) and len(inner) > len(outer):
                return inner[len(outer) :]
    return "    "
