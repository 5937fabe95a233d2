"""Edits the Dockerfile rules' fixes are made of, computed from the shell model's word spans.

Every helper returns None when the edit cannot be made exactly (a word split over a continuation,
a RUN ending in a comment, a heredoc...): the rule then attaches no fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deploylint.findings import Edit
from deploylint.models.dockerfile import Add, Copy, Dockerfile, Instruction, Run, Stage, Workdir
from deploylint.shell import Command, Word
from deploylint.source import SourceFile

if TYPE_CHECKING:
    from deploylint.context import Context


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


def delete_span(src: SourceFile, start: int, end: int) -> Edit:
    """The text at offsets ``[start, end)`` removed."""
    return Edit(src.span(start, end) if end > start else src.insertion(start), "")


#: the base image's WORKDIR, which the file does not show: a placeholder no written path starts with
_BASE_DIR = "\x00base"


def _join(folder: str | None, path: str) -> str | None:
    import posixpath

    if "$" in path:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    return None if folder is None else posixpath.normpath(posixpath.join(folder, path))


def _runs_in_workdir(run: Run, cmd: Command) -> bool:
    """No ``cd``/``pushd`` before ``cmd`` in its RUN, and ``cmd`` is at the RUN's top level."""
    if cmd.contexts:
        return False
    start = cmd.span.start_offset
    return not any(c.command_name in ("cd", "pushd") and c.span.start_offset < start for c in run.effective_commands)


def lockfile_copied(df: Dockerfile, ctx: Context, stage: Stage, run: Run, cmd: Command, lockfile: str) -> bool:
    """Whether the image holds ``lockfile`` in the folder where ``cmd`` runs, as the file shows: a
    COPY or ADD earlier in the stage chain names it (or a wildcard or the whole build context
    brings it, and it is in every build context on disk and not ignored), into the WORKDIR that
    ``cmd`` runs in (no ``cd`` before it in the RUN)."""
    if not _runs_in_workdir(run, cmd):
        return False
    folder: str | None = _BASE_DIR
    found: set[str | None] = set()
    for ins in (i for st in reversed(stage.chain) for i in st.instructions):
        if ins is run:
            return folder is not None and folder in found
        if isinstance(ins, Workdir) and ins.path is not None:
            folder = _join(folder, ins.path.value)
        elif isinstance(ins, (Copy, Add)) and ins.dest is not None and not ins.heredocs:
            for src in ins.sources:
                if _brings(df, ctx, ins, src.value, lockfile):
                    found.add(_copy_target(folder, ins, src.value, lockfile))
    return False


def _brings(df: Dockerfile, ctx: Context, ins: Instruction, source: str, lockfile: str) -> bool:
    import fnmatch

    path = source.strip("\"'")
    while path.startswith("./"):
        path = path[2:]
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if name == lockfile:
        return True
    whole = path in ("", ".", "*")
    if (
        ins.flag("from") is not None
        or "$" in path
        or "/" in path.rstrip("/")
        or not (whole or fnmatch.fnmatch(lockfile, name))
    ):
        return False
    from deploylint.rules.dockerfile._context import build_contexts, context_holds

    contexts = build_contexts(df, ctx)
    return bool(contexts) and all(
        context_holds(ctx, c, lockfile) and (ignore is None or (ignore.readable and not ignore.excludes(lockfile)))
        for c, ignore in contexts
    )


def _copy_target(folder: str | None, ins: Instruction, source: str, lockfile: str) -> str | None:
    """The folder the lockfile lands in: the destination, or its parent when the destination
    names the file itself (``COPY package-lock.json /app/package-lock.json``)."""
    import posixpath

    assert ins.dest is not None
    dest = ins.dest.value.strip("\"'")
    single = len(ins.sources) == 1 and source.rstrip("/").rsplit("/", 1)[-1] == lockfile
    if single and not dest.endswith("/") and posixpath.basename(dest) == lockfile:
        dest = posixpath.dirname(dest) or "."
    elif single and not dest.endswith("/") and dest not in (".", "..") and posixpath.basename(dest) != lockfile:
        return None  # copied under another name, or into a folder: the file alone does not tell
    return _join(folder, dest)


def run_as(cmd: Command, text: str) -> str:
    """``text`` prefixed with ``sudo `` when ``cmd`` runs under sudo: a cleaning step added for an
    install must run as the install did (the cache belongs to that user)."""
    return f"sudo {text}" if any(w.value.rsplit("/", 1)[-1] == "sudo" for w in cmd.wrappers) else text
