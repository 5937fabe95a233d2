"""Edits the Dockerfile rules' fixes are made of, computed from the shell model's word spans.

Every helper returns None when the edit cannot be made exactly (a word split over a continuation,
a RUN ending in a comment, a heredoc...): the rule then attaches no fix.
"""

from __future__ import annotations

from deploylint.findings import Edit
from deploylint.models.dockerfile import Dockerfile, Run
from deploylint.shell import Command, Word
from deploylint.source import SourceFile


def insert_after(src: SourceFile, word: Word, text: str) -> Edit | None:
    """``text`` (with a leading space) right after ``word``, which must sit on one line."""
    if word.span.start_line != word.span.end_line or word.span.end_offset < 0:
        return None
    return Edit(src.insertion(word.span.end_offset), f" {text}")


def replace_word(word: Word, text: str) -> Edit | None:
    """``word`` replaced by ``text``; only for a word written as it is read (no quotes, escapes or
    expansions) on one line, so that its span is exactly its value."""
    sp = word.span
    if sp.start_line != sp.end_line or word.raw != word.value or word.quoted or word.has_expansion:
        return None
    if sp.end_offset - sp.start_offset != len(word.value):
        return None
    return Edit(sp, text)


def append_to_run(df: Dockerfile, run: Run, text: str) -> Edit | None:
    """``&& text`` at the end of a shell-form RUN, so that it runs after everything else and only
    when the RUN succeeded so far. On a RUN written over several lines it goes on a line of its own,
    in the style of the lines before it (``\\`` then ``&& x`` on the next line, or ``x && \\``)."""
    src = df.source
    if not run.is_shell_form or run.heredocs or len(run.scripts) != 1 or run.scripts[0].errors:
        return None
    cmds: tuple[Command, ...] = run.commands
    if not cmds:
        return None
    last = cmds[-1]
    if (
        last.contexts
        or last.connector_after is not None
        or last.background
        or any(r.heredoc is not None for r in last.redirects)
        or (last.pipeline is not None and last.pipeline.commands[-1] is not last)
    ):
        return None
    end = last.span.end_offset
    if end < 0 or src.text[end : run.span.end_offset].strip():
        return None  # a comment or something the model does not show comes after it
    line = last.span.end_line
    if line == run.span.start_line:
        return Edit(src.insertion(end), f" && {text}")
    esc = df.escape
    prev = src.line_text(line - 1).rstrip()
    body = src.line_text(line)
    indent = body[: len(body) - len(body.lstrip())]
    nl = src.newline(line)
    if not prev.endswith(esc) or not indent:
        return Edit(src.insertion(end), f" && {text}")
    if prev[: -len(esc)].rstrip().endswith(("&&", ";")):
        return Edit(src.insertion(end), f" && {esc}{nl}{indent}{text}")
    return Edit(src.insertion(end), f" {esc}{nl}{indent}&& {text}")
