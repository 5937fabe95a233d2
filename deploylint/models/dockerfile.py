"""Typed model of a Dockerfile: instructions with exact spans, stages, and derived facts.

Built by :mod:`deploylint.parsers.dockerfile`. Nodes are frozen slotted dataclasses; derived facts
(effective user, environment, parsed RUN shell) are computed on first use and cached in a private
``_cache`` dict, so rules stay small and nothing is computed twice.

This module is the entry rules import from. The model lives in modules by responsibility:

- :mod:`~deploylint.models.dockerfile_parts`: the joined text of a line and its offset map, flags
  and ``--mount``, heredocs, ``key=value`` pairs, parser directives;
- :mod:`~deploylint.models.dockerfile_instructions`: ``Instruction`` and its plain subclasses;
- :mod:`~deploylint.models.dockerfile_commands`: RUN, CMD, ENTRYPOINT and HEALTHCHECK, whose
  commands come from the shell layer;
- :mod:`~deploylint.models.dockerfile_stages`: stages, the FROM chain and what is in effect in a
  stage (user, ENV, HEALTHCHECK, start command);
- :mod:`~deploylint.models.dockerfile_ignore`: the build context's ``.dockerignore``;
- :mod:`~deploylint.models.images`: the base-image reference (``ImageRef``, one type for every kind);
- here: the file (``Dockerfile``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import cast

from deploylint.models.base import Comment
from deploylint.models.dockerfile_commands import Cmd, Entrypoint, Healthcheck, Run, ShellInstruction
from deploylint.models.dockerfile_ignore import DockerIgnore, IgnorePattern, ignore_match
from deploylint.models.dockerfile_instructions import (
    Add,
    Arg,
    Copy,
    CopyLike,
    Env,
    Expose,
    From,
    Instruction,
    Label,
    Maintainer,
    Onbuild,
    Shell,
    Stopsignal,
    Unknown,
    User,
    Volume,
    Workdir,
    is_whole_context,
)
from deploylint.models.dockerfile_parts import Directive, Flag, Heredoc, KeyValue, Mount, ShellText, parse_mount
from deploylint.models.dockerfile_stages import EffectiveUser, EnvValue, Stage, stage_instructions, stage_tree
from deploylint.models.images import ImageRef  # a FROM's image: the one image-reference type
from deploylint.records import record
from deploylint.source import SourceFile, Span

__all__ = [
    "Add",
    "Arg",
    "Cmd",
    "Copy",
    "CopyLike",
    "Directive",
    "DockerIgnore",
    "Dockerfile",
    "EffectiveUser",
    "Entrypoint",
    "Env",
    "EnvValue",
    "Expose",
    "Flag",
    "From",
    "Healthcheck",
    "Heredoc",
    "IgnorePattern",
    "ImageRef",
    "Instruction",
    "KeyValue",
    "Label",
    "Maintainer",
    "Mount",
    "Onbuild",
    "Run",
    "Shell",
    "ShellInstruction",
    "ShellText",
    "Stage",
    "Stopsignal",
    "Unknown",
    "User",
    "Volume",
    "Workdir",
    "ignore_match",
    "is_whole_context",
    "parse_mount",
    "stage_instructions",
    "stage_tree",
]


@record(frozen=False, eq=False)
class Dockerfile:
    """A parsed Dockerfile."""

    source: SourceFile
    instructions: list[Instruction]
    stages: list[Stage]
    global_args: list[Arg]
    directives: list[Directive]
    escape: str = "\\"
    #: ``.dockerignore`` of the build context (the Dockerfile's folder), if there is one
    context_dockerignore: DockerIgnore | None = None
    #: the build context folder used to look for it
    context_dir: Path | None = None
    #: blank lines inside a continuation (BuildKit's NoEmptyContinuation)
    empty_continuations: tuple[Span, ...] = ()
    #: every comment of the file (parser directives included), for policy rules on pragmas
    comments: tuple[Comment, ...] = ()
    #: where the file runs, from :func:`deploylint.profiles.profile_of` (config globs, the file's
    #: name, its folders): ``production``, ``development`` or None when nothing tells
    profile: str | None = None
    #: where the parse errors (DKR000) are, for fixes that must not delete a broken instruction
    #: (which would hide the error instead of reporting it)
    error_spans: tuple[Span, ...] = ()
    #: ``required-labels`` of the config: (label key, form of its value), see models/labels.py
    label_schema: tuple[tuple[str, str], ...] = ()
    #: ``strict-labels``: labels outside the schema are reported
    strict_labels: bool = False
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def result_stages(self) -> list[Stage]:
        """The stages no other stage builds FROM or copies from: the images the file produces
        (the final stage, and any stage built only with ``--target``)."""
        used: set[int] = set()
        for st in self.stages:
            if st.parent is not None and st.parent is not st:
                used.add(st.parent.index)
            for ins in st.instructions:
                ref = ins.from_stage if isinstance(ins, Copy) else None
                if ref is not None and ref.value is not None:
                    src = self.stage_named(ref.value)
                    if src is None and ref.value.isdigit() and int(ref.value) < len(self.stages):
                        src = self.stages[int(ref.value)]
                    if src is not None and src is not st:
                        used.add(src.index)
        return [st for st in self.stages if st.index not in used]

    def labels_of(self, stage: Stage) -> dict[str, KeyValue]:
        """The labels an image built from ``stage`` carries: its own and its FROM stages', by key
        (the nearest wins)."""
        out: dict[str, KeyValue] = {}
        for st in reversed(stage.chain):
            for ins in st.instructions:
                if isinstance(ins, Label):
                    for pair in ins.pairs:
                        out[pair.name] = pair
        return out

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def is_development_image(self) -> bool:
        """The image is for development or tests: the file's profile says so (``Dockerfile.dev``,
        ``test/Dockerfile``, a config glob), or its final stage is named for it (``dev``,
        ``test``, ``development``...). Advice about production images (dropping dev
        dependencies, image size, running as root, health checks) does not apply."""
        from deploylint.profiles import DEV_WORDS, DEVELOPMENT, words

        if self.profile == DEVELOPMENT:
            return True
        final = self.final_stage
        return final is not None and final.name is not None and bool(words(final.name.value) & DEV_WORDS)

    @property
    def is_multi_stage(self) -> bool:
        return len(self.stages) > 1

    def stage_named(self, name: str) -> Stage | None:
        """The first stage named ``name`` (ignoring case), a lookup: a scan of the stages per
        call made every ``COPY --from`` cost every stage (8,000 of each took 7 s)."""
        names = cast("dict[str, Stage] | None", self._cache.get("stage_names"))
        if names is None:
            names = {}
            for st in self.stages:
                if st.name is not None:
                    names.setdefault(st.name.value.lower(), st)
            self._cache["stage_names"] = names
        return names.get(name.lower())

    def runs_program(self, *names: str) -> bool:
        """Whether any RUN of any stage runs one of these programs."""
        return any(True for st in self.stages for _ in st.commands(*names))

    def walk(self) -> Iterator[Instruction]:
        """Every instruction, ONBUILD triggers' inner instructions included."""
        for ins in self.instructions:
            yield ins
            if isinstance(ins, Onbuild) and ins.inner is not None:
                yield ins.inner

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None

    @property
    def final_image_stages(self) -> list[Stage]:
        """The final stage and the stages it is built FROM (what ships in the image)."""
        final = self.final_stage
        return final.chain if final is not None else []
