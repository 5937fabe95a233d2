"""Workflow links: the steps that build images (``docker build``, docker/build-push-action) with
their Dockerfile, context and tags; the compose files steps name; the folders commands run in."""

from __future__ import annotations

import posixpath
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.kinds import Kind
from deploylint.links.base import LinkerBase, is_expr
from deploylint.models.base import Located
from deploylint.models.docker_cli import BUILD_VALUE_FLAGS
from deploylint.models.project import ImageTag, Unresolved, WorkflowBuild, WorkflowComposeRef
from deploylint.parsers import Refused
from deploylint.paths import resolve

if TYPE_CHECKING:
    from deploylint.models.workflow import Job, Step, Workflow


class WorkflowLinks(LinkerBase):
    """What the workflows of the scan build, and where their commands run."""

    @cached_property
    def workflow_builds(self) -> list[WorkflowBuild]:
        out: list[WorkflowBuild] = []
        for art, wf in self.of_kind(Kind.WORKFLOW):
            base = self.workflow_base(art.path)
            for job in wf.jobs:
                for step in job.steps:
                    out += self._step_builds(wf, job, step, base)
        return out

    @cached_property
    def workflow_compose(self) -> list[WorkflowComposeRef]:
        out = []
        for art, wf in self.of_kind(Kind.WORKFLOW):
            base = self.workflow_base(art.path)
            for job in wf.jobs:
                for step in job.steps:
                    wd = self.step_dir(step, base)
                    for cmd in step.commands("docker-compose", "docker"):
                        cwd = self.cmd_dir(wd, step.folder(cmd))
                        words = cmd.words
                        is_compose = cmd.command_name == "docker-compose" or (
                            cmd.command_name == "docker" and len(words) > 1 and words[1].value == "compose"
                        )
                        if not is_compose:
                            continue
                        for i, w in enumerate(words[:-1]):
                            if w.value in ("-f", "--file"):
                                v = words[i + 1]
                                at = Located(v.value, v.span)
                                out.append(WorkflowComposeRef(wf, step, self.path_at(cwd, v.value), at))
        return out

    def run_folder(self, wf: Workflow, step: Step, cwd: str | None) -> Path | Unresolved:
        """The folder a command of ``step`` runs in: the workspace (the repository holding the
        workflow), the step's ``working-directory`` (or the defaults'), then the script's ``cd``."""
        return self.cmd_dir(self.step_dir(step, self.workflow_base(wf.source.path)), cwd)

    def local_uses_exists(self, wf: Workflow, path: str) -> bool:
        """A local ``uses: ./...`` (an action folder or a reusable workflow file) is in the
        repository holding ``wf``."""
        if not path.startswith(("./", "../")):
            return False
        target = Path(posixpath.normpath((self.workflow_base(wf.source.path) / path).as_posix()))
        return self._within(target, resolve(self.root)) and self.exists(target)

    def called_workflow(self, wf: Workflow, path: str) -> Workflow | None:
        """The reusable workflow a local ``uses:`` of a job names: GitHub reads it from the
        repository holding ``wf`` at the caller's commit, so it is looked up there."""
        target = self._local_target(wf, path)
        if target is None or not self.is_file(target):
            return None
        model = self.load(target, Kind.WORKFLOW)
        return _workflow_or_none(model, action=False)

    def called_workflow_missing(self, wf: Workflow, path: str) -> bool:
        target = self._local_target(wf, path)
        base = self.workflow_base(wf.source.path)
        return target is not None and self.exists(base / ".git") and not self.exists(target)

    def local_action(self, wf: Workflow, path: str) -> Workflow | None:
        """The metadata file of the local action a step names (``action.yml``, then
        ``action.yaml``, as the runner looks for them)."""
        folder = self._local_target(wf, path)
        if folder is None:
            return None
        for name in ("action.yml", "action.yaml"):
            if self.is_file(folder / name):
                return _workflow_or_none(self.load(folder / name, Kind.ACTION), action=True)
        return None

    def _local_target(self, wf: Workflow, path: str) -> Path | None:
        """Where a local ``uses:`` points (``./x`` and ``$/x`` from the top of the repository
        holding ``wf``), confined to the root; None for an expression, a ``@ref`` or a path that
        leaves the root."""
        text = path.strip()
        if text.startswith("$/"):
            text = "." + text[1:]
        if is_expr(text) or "@" in text or not (text.startswith(("./", "../")) or text == "."):
            return None
        target = Path(posixpath.normpath((self.workflow_base(wf.source.path) / text).as_posix()))
        try:
            self.env.confine(target)
        except Refused:
            return None
        return target if self._within(target, resolve(self.root)) else None

    def run_folder_generated(self, wf: Workflow, step: Step, cwd: str | None) -> bool:
        """The folder a command of ``step`` runs in is not in the repository: the job makes it at
        run time (a generated SDK, an unpacked archive). Judged from the step's
        ``working-directory`` (for a computed one, the literal folders before its first
        expression) and the script's ``cd``; False when that cannot be told."""
        top = resolve(self.root)
        base = self.workflow_base(wf.source.path)
        wd = step.run_directory
        if wd is not None and is_expr(wd.value):
            head = wd.value[: wd.value.find("$")]
            head = head.rsplit("/", 1)[0] if "/" in head else ""
            if head.strip("./") == "":
                return False
            folder: Path | Unresolved = Path(posixpath.normpath((base / head).as_posix()))
        else:
            folder = self.run_folder(wf, step, cwd)
        if isinstance(folder, Unresolved) or folder == top or not self._within(folder, top):
            return False
        if self.exists(folder):
            return False
        # only when the repository itself is in the scan, not just its workflows: the nearest
        # folder that exists is one of its own, or its root holds more than '.github'
        near = next((f for f in folder.parents if self.exists(f)), None)
        return near is not None and self._within(near, base) and (near != base or self._holds_more_than_ci(base))

    def _holds_more_than_ci(self, folder: Path) -> bool:
        try:
            return any(p.name != ".github" for p in self.env.confine(folder).iterdir())
        except (Refused, OSError):
            return False

    def workspace_file(self, wf: Workflow, names: tuple[str, ...]) -> Path | None:
        """The first of ``names`` at the top of the workspace of ``wf`` (the repository holding the
        workflow, where ``actions/checkout`` puts it), not in a folder above it."""
        base = self.workflow_base(wf.source.path)
        found = self.file_in_or_above(base, names)
        return found if found is not None and found.parent == base else None

    def workflow_base(self, path: Path) -> Path:
        """The workspace of the workflow at ``path``: the repository holding ``.github/workflows``."""
        p = resolve(path)
        return p.parents[2] if len(p.parents) > 2 and p.parent.name == "workflows" else self.root

    def step_dir(self, step: Step, base: Path) -> Path | Unresolved:
        """The folder ``step`` runs in: its ``working-directory`` (or the defaults') under ``base``."""
        wd = step.run_directory
        if wd is None:
            return base
        if is_expr(wd.value):
            return Unresolved("working-directory is an expression")
        return Path(posixpath.normpath((base / wd.value).as_posix()))

    @staticmethod
    def cmd_dir(wd: Path | Unresolved, cwd: str | None) -> Path | Unresolved:
        """The folder a script command runs in: the step's, moved by the ``cd`` before it."""
        if isinstance(wd, Unresolved) or cwd == "":
            return wd
        if cwd is None:
            return Unresolved("the script changes to a computed folder")
        return Path(posixpath.normpath((wd / cwd).as_posix()))

    def path_at(self, wd: Path | Unresolved, text: str) -> Path | Unresolved:
        """``text`` (a path a step writes) from folder ``wd``, confined to the root, or why not."""
        if isinstance(wd, Unresolved):
            return wd
        if is_expr(text):
            return Unresolved("the path is an expression")
        p = Path(posixpath.normpath((wd / text).as_posix()))
        try:
            self.env.confine(p)
        except Refused as exc:
            return Unresolved(str(exc))
        return p

    def _step_builds(self, wf: Workflow, job: Job, step: Step, base: Path) -> list[WorkflowBuild]:
        out = []
        step_wd = self.step_dir(step, base)
        for cmd in step.commands("docker", "podman", "buildah"):
            wd = self.cmd_dir(step_wd, step.folder(cmd))
            words = cmd.words
            texts = [w.value for w in words]
            if cmd.command_name not in ("docker", "podman", "buildah"):
                continue
            start = (
                2 if texts[1:2] == ["build"] else 3 if texts[1:3] in (["buildx", "build"], ["image", "build"]) else 0
            )
            if not start:
                continue
            file_w = None
            tags: list[ImageTag] = []
            positional = []
            i = start
            while i < len(words):
                t = texts[i]
                if t in BUILD_VALUE_FLAGS and i + 1 < len(words):
                    if t in ("-f", "--file"):
                        file_w = words[i + 1]
                    elif t in ("-t", "--tag"):
                        tags.append(_tag(words[i + 1].value, Located(words[i + 1].value, words[i + 1].span)))
                    i += 2
                    continue
                if t.startswith(("--file=", "--tag=")):
                    val = t.split("=", 1)[1]
                    if t.startswith("--file="):
                        file_w = words[i]
                    else:
                        tags.append(_tag(val, Located(val, words[i].span)))
                elif not t.startswith("-"):
                    positional.append(words[i])
                i += 1
            ctx_w = positional[-1] if positional else None
            context = self.path_at(wd, ctx_w.value) if ctx_w is not None else wd
            file_text = (
                file_w.value.split("=", 1)[1]
                if file_w is not None and file_w.value.startswith("--file=")
                else (file_w.value if file_w else None)
            )
            if file_text is not None:
                dockerfile = self.path_at(wd, file_text)
            elif isinstance(context, Path):
                dockerfile = context / "Dockerfile"
            else:
                dockerfile = context
            out.append(
                WorkflowBuild(
                    wf,
                    job,
                    step,
                    wf.source,
                    dockerfile,
                    Located(file_text, file_w.span) if file_w is not None and file_text is not None else None,
                    context,
                    Located(ctx_w.value, ctx_w.span) if ctx_w is not None else None,
                    tuple(tags),
                    "--push" in texts or _job_pushes(job),
                )
            )
        u = step.uses
        if u is not None and u.is_("docker/build-push-action"):
            out.append(self._action_build(wf, job, step, base))
        return out

    def _action_build(self, wf: Workflow, job: Job, step: Step, base: Path) -> WorkflowBuild:
        ctx_in = step.input("context")
        file_in = step.input("file")
        context: Path | Unresolved = base if ctx_in is None else self.path_at(base, ctx_in.value)
        if file_in is not None:
            dockerfile = self.path_at(base, file_in.value)
        else:
            dockerfile = context / "Dockerfile" if isinstance(context, Path) else context
        tags: list[ImageTag] = []
        tags_in = step.input("tags")
        if tags_in is not None:
            for ref, span in tags_in.list_items():
                tags.append(_tag(ref, Located(ref, span)))
        push = step.input("push")
        return WorkflowBuild(
            wf,
            job,
            step,
            wf.source,
            dockerfile,
            Located(file_in.value, file_in.span) if file_in is not None else None,
            context,
            Located(ctx_in.value, ctx_in.span) if ctx_in is not None else None,
            tuple(tags),
            push is not None and push.value.strip().lower() in ("true", "${{ true }}"),
        )


def _workflow_or_none(model: object, *, action: bool) -> Workflow | None:
    from deploylint.models.workflow import Workflow

    return model if isinstance(model, Workflow) and model.is_action is action else None


def _job_pushes(job: Job) -> bool:
    """A step of the job runs ``docker push`` (or ``podman push``)."""
    for step in job.steps:
        for cmd in step.commands("push"):
            if cmd.command_name in ("docker", "podman") and len(cmd.words) > 1 and cmd.words[1].value == "push":
                return True
    return False


def _tag(ref: str, at: Located[str]) -> ImageTag:
    if "${{" in ref:
        repo, _, tag = ref.rpartition(":") if ref.rfind(":") > ref.rfind("/") else (ref, "", "")
        return ImageTag(repo if tag else ref, "dynamic" if tag else "", at, bool(tag))
    from deploylint.models.workflow import split_image_ref  # only workflow scans need it

    repo, tag = split_image_ref(ref)
    if tag == "@digest":
        return ImageTag(repo, tag, at, True)
    from deploylint.models.images import is_env_tag

    versioned = bool(tag) and tag != "latest" and not is_env_tag(tag) and not tag.startswith("$")
    return ImageTag(repo, tag, at, versioned or tag.startswith("$"))


__all__ = ["WorkflowLinks"]
