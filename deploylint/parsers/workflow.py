"""GitHub Actions workflows and ``action.yml`` files -> :class:`deploylint.models.workflow.Workflow`.

YAML comes from the shared layer (``on:`` stays the string ``"on"`` there). Structure problems
become positioned diagnostics (GHA000): wrong node types, missing required keys, unknown keys
with a "did you mean" suggestion. Whatever is well-formed is still modelled.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from deploylint.models import workflow_pin_policy as pin_policy
from deploylint.models.base import Comment, Diagnostic, Located, Parsed
from deploylint.models.tree import YMap, YNode, YPair, YScalar, YSeq
from deploylint.models.workflow import (
    ActionMeta,
    ActionRef,
    CallSecret,
    Container,
    Env,
    Environment,
    EnvVar,
    Filter,
    Input,
    Job,
    Permissions,
    Step,
    Str,
    Trigger,
    Workflow,
    make_str,
)
from deploylint.parsers._yaml import load_yaml, walk
from deploylint.parsers._zones import timezone_problem
from deploylint.source import SourceFile, Span
from deploylint.suggest import closest
from deploylint.truth import actions_true

if TYPE_CHECKING:
    from deploylint.parsers import ParseEnv

WORKFLOW_KEYS = ("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs")
JOB_KEYS = (
    "name",
    "permissions",
    "needs",
    "if",
    "runs-on",
    "environment",
    "concurrency",
    "outputs",
    "env",
    "defaults",
    "steps",
    "timeout-minutes",
    "strategy",
    "continue-on-error",
    "container",
    "services",
    "uses",
    "with",
    "secrets",
    "snapshot",
)
STEP_KEYS = (
    "id",
    "if",
    "name",
    "uses",
    "run",
    "shell",
    "with",
    "env",
    "continue-on-error",
    "timeout-minutes",
    "working-directory",
)
#: step keys of GitHub's parallel steps (GA 2026-06-25): ``background: true`` on a step of a workflow
WORKFLOW_STEP_KEYS = (*STEP_KEYS, "background")
#: the input types each event with inputs accepts (GitHub's workflow syntax reference)
INPUT_TYPES: dict[str, tuple[str, ...]] = {
    "workflow_dispatch": ("string", "number", "boolean", "choice", "environment"),
    "workflow_call": ("string", "number", "boolean"),
}
#: the control steps of parallel steps: ``parallel`` holds a group of steps run at once (then waited
#: for), ``wait`` names background step ids, ``wait-all`` waits for every earlier background step,
#: ``cancel`` stops one background step; each may carry these keys beside it
_CONTROL_STEP_KEYS = ("parallel", "wait", "wait-all", "cancel")
_CONTROL_EXTRA_KEYS = ("name", "id", "if")
ACTION_KEYS = ("name", "author", "description", "inputs", "outputs", "runs", "branding")
RUNS_KEYS = (
    "using",
    "main",
    "pre",
    "post",
    "pre-if",
    "post-if",
    "steps",
    "image",
    "args",
    "entrypoint",
    "pre-entrypoint",
    "post-entrypoint",
    "env",
)
CONTAINER_KEYS = ("image", "credentials", "env", "ports", "volumes", "options", "entrypoint", "command")
STRATEGY_KEYS = ("matrix", "fail-fast", "max-parallel")
FILTER_KEYS = frozenset(
    {"branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore", "types", "workflows"}
)


_INT = re.compile(r"[+-]?[0-9]+")
_CALLER_KEYS = frozenset({"name", "uses", "with", "secrets", "needs", "if", "permissions", "strategy", "concurrency"})
_ID_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _suggest(word: str, options: tuple[str, ...] | frozenset[str]) -> str:
    close = closest(word, options) or next((o for o in sorted(options) if o.lower() == word.lower()), None)
    return f"; did you mean {close!r}?" if close else ""


class _Builder:
    def __init__(self, src: SourceFile, env: ParseEnv | None) -> None:
        self.src = src
        self.errors: list[Diagnostic] = []
        self.strings: list[tuple[str, Str]] = []
        self.workflow_shell: Str | None = None
        self.workflow_wd: Str | None = None
        self.env = env
        #: every comment of the file by the line it is on (for what explains a permission)
        self.comment_lines: dict[int, Comment] = {}

    # -- helpers -----------------------------------------------------------------------------
    def err(self, message: str, span: Span) -> None:
        self.errors.append(Diagnostic(message, span))

    def str_(self, node: YNode | None, where: str = "") -> Str | None:
        if isinstance(node, YScalar):
            if node.is_null and node.style == "":
                return None
            s = make_str(node.value, node.span, node.style, condition=where == "if")
            if where:
                self.strings.append((where, s))
            return s
        return None

    def loc(self, key: YScalar) -> Located[str]:
        return Located(key.value, key.span)

    def want_map(self, node: YNode | None, what: str) -> YMap | None:
        if node is None:
            return None
        if isinstance(node, YMap):
            return node
        if isinstance(node, YScalar) and node.is_null:
            return None
        if isinstance(node, YScalar) and node.value.strip().startswith("${{"):
            return None
        self.err(f"{what} must be a mapping", node.span)
        return None

    def check_keys(self, m: YMap, allowed: tuple[str, ...] | frozenset[str], what: str) -> None:
        for p in m.pairs:
            if p.merged:
                continue
            k = p.key.value
            if k not in allowed:
                self.err(f"unknown key {k!r} in {what}{_suggest(k, allowed)}", p.key.span)
        for odd in m.odd_keys:
            self.err(f"{what} keys must be plain strings", odd.span)

    def positive(self, node: YNode | None, key: str, *, integer: bool) -> None:
        """``timeout-minutes``/``max-parallel``: a number literal (an integer where ``integer``)
        above zero, or one ``${{ }}`` expression."""
        if not isinstance(node, YScalar) or node.is_null:
            return
        text = node.value.strip()
        if node.style == "" and text.startswith("${{") and text.endswith("}}"):
            return
        kind = "an integer" if integer else "a number"
        try:
            number = float(text) if node.style == "" else None
        except ValueError:
            number = None
        if number is None or not math.isfinite(number) or (integer and not _INT.fullmatch(text)):
            self.err(f"{key} must be {kind} or a ${{{{ }}}} expression, not {node.value!r}", node.span)
        elif number <= 0:
            self.err(f"{key} must be greater than zero, not {node.value}", node.span)

    def unique_ci(self, m: YMap | None, section: str) -> None:
        """GitHub reads the keys of ``env``, ``with``, ``inputs``, ``secrets``, ``outputs``,
        ``services`` and ``matrix`` without case: ``FOO`` after ``foo`` replaces it."""
        if m is None:
            return
        seen: dict[str, YScalar] = {}
        for p in m.pairs:
            if p.merged:
                continue
            low = p.key.value.lower()
            first = seen.get(low)
            if first is not None and first.value != p.key.value:
                self.err(
                    f"key {p.key.value!r} in {section} repeats {first.value!r} (line {first.span.start_line}); "
                    "GitHub compares these keys without case",
                    p.key.span,
                )
            else:
                seen.setdefault(low, p.key)

    def str_list(self, node: YNode | None, where: str) -> tuple[Str, ...]:
        if node is None:
            return ()
        if isinstance(node, YSeq):
            if not node.items and not where.startswith("matrix"):
                self.err(f"{where} is an empty list", node.span)
            out = []
            for item in node.items:
                s = self.str_(item, where)
                if s is not None:
                    out.append(s)
                elif not isinstance(item, YScalar):
                    self.err(f"items of {where} must be strings", item.span)
                elif not where.startswith("matrix"):
                    self.err(f"{where} has an empty item", item.span)
            return tuple(out)
        s = self.str_(node, where)
        return (s,) if s is not None else ()

    def kv(self, node: YNode | None, where: str) -> tuple[tuple[Located[str], Str], ...]:
        m = self.want_map(node, where)
        if m is None:
            return ()
        if where in ("env", "with", "secrets", "outputs"):
            self.unique_ci(m, where)
        out = []
        for p in m.pairs:
            v = self.str_(p.value, f"{where}.{p.key.value}")
            if v is None and isinstance(p.value, YScalar):
                v = Str("", p.value.span, p.value.style)
            if v is not None:
                out.append((self.loc(p.key), v))
            elif isinstance(p.value, (YMap, YSeq)):
                self.err(f"{where}.{p.key.value} must be a string, number or boolean", p.value.span)
        return tuple(out)

    def env_(self, node: YNode | None, level: str) -> Env:
        if node is None:
            return Env()
        if isinstance(node, YScalar):
            s = self.str_(node, "env")
            if s is not None and s.has_expr:
                return Env(node.span, (), s)
            if not node.is_null:
                self.err("env must be a mapping of variable names to values", node.span)
            return Env(node.span)
        if not isinstance(node, YMap):
            self.err("env must be a mapping of variable names to values", node.span)
            return Env(node.span)
        out = []
        for k, v in self.kv(node, "env"):
            if not _ENV_NAME.fullmatch(k.value) and "${{" not in k.value:
                self.err(f"environment variable name {k.value!r} cannot contain '=', '&' or spaces", k.span)
            out.append(EnvVar(k, v, level))
        return Env(node.span, tuple(out))

    def permissions(self, pair: YPair | None) -> Permissions | None:
        if pair is None:
            return None
        node = pair.value
        if isinstance(node, YScalar):
            s = self.str_(node, "permissions")
            if s is None:
                self.err("permissions is empty; write 'permissions: {}' to grant nothing", pair.key.span)
                return Permissions(node.span)
            if s.value not in ("read-all", "write-all") and not s.has_expr:
                self.err(
                    f"permissions must be 'read-all', 'write-all' or a mapping of scopes, not {s.value!r}", node.span
                )
            return Permissions(node.span, whole=s)
        if not isinstance(node, YMap):
            self.err("permissions must be 'read-all', 'write-all' or a mapping of scopes", node.span)
            return None
        scopes = []
        for k, v in self.kv(node, "permissions"):
            if k.value not in _SCOPES:
                self.err(f"unknown permission scope {k.value!r}{_suggest(k.value, _SCOPES)}", k.span)
            allowed = _SCOPE_VALUES.get(k.value, ("read", "write", "none"))
            if v.value not in allowed and not v.has_expr:
                self.err(f"permission {k.value!r} must be {' or '.join(map(repr, allowed))}, not {v.value!r}", v.span)
            scopes.append((k, v))
        notes = tuple(self.note_for(k.span.start_line) for k, _v in scopes)
        return Permissions(node.span, scopes=tuple(scopes), notes=notes)

    def note_for(self, line: int) -> str:
        """The comment after the code on ``line``, else the comment lines right above it."""
        c = self.comment_lines.get(line)
        if c is not None and c.trailing:
            return c.text.strip().lstrip("#").strip()
        above: list[str] = []
        k = line - 1
        while (c := self.comment_lines.get(k)) is not None and not c.trailing:
            above.append(c.text.strip().lstrip("#").strip())
            k -= 1
        return " ".join(t for t in reversed(above) if t)

    def uses(self, node: YNode | None, comments: dict[int, str]) -> ActionRef | None:
        s = self.str_(node, "uses")
        if s is None:
            if node is not None:
                self.err("uses must be a string", node.span)
            return None
        comment = comments.get(s.span.end_line, "").strip()
        return parse_uses(s, comment, self)

    def container(self, node: YNode | None, what: str, name: Located[str] | None = None) -> Container | None:
        if node is None:
            return None
        if isinstance(node, YScalar):
            img = self.str_(node, f"{what}.image")
            return Container(node.span, image=img, name=name) if img is not None else None
        m = self.want_map(node, what)
        if m is None:
            return None
        self.check_keys(m, CONTAINER_KEYS, what)
        user = pw = None
        creds = m.get("credentials")
        if isinstance(creds, YScalar) and not creds.is_null and not creds.value.strip().startswith("${{"):
            self.err(f"{what}.credentials must be a mapping of 'username' and 'password'", creds.span)
        cm = self.want_map(creds, f"{what}.credentials") if not isinstance(creds, YScalar) else None
        if cm is not None:
            self.check_keys(cm, ("username", "password"), f"{what}.credentials")
            user = self.str_(cm.get("username"), f"{what}.credentials.username")
            pw = self.str_(cm.get("password"), f"{what}.credentials.password")
        return Container(
            m.span,
            image=self.str_(m.get("image"), f"{what}.image"),
            username=user,
            password=pw,
            env=self.env_(m.get("env"), "container"),
            name=name,
        )

    # -- triggers ------------------------------------------------------------------------------
    def triggers(self, node: YNode | None) -> tuple[Trigger, ...]:
        if node is None:
            return ()
        out: list[Trigger] = []
        if isinstance(node, YScalar):
            if not node.is_null:
                out.append(self.trigger(node, None))
            return tuple(out)
        if isinstance(node, YSeq):
            for item in node.items:
                if isinstance(item, YScalar):
                    out.append(self.trigger(item, None))
                else:
                    self.err("a list of events holds event names only", item.span)
            return tuple(out)
        if isinstance(node, YMap):
            for p in node.pairs:
                out.append(self.trigger(p.key, p.value))
            return tuple(out)
        return ()

    def trigger(self, key: YScalar, node: YNode | None) -> Trigger:
        name = self.loc(key)  # unknown event names are GHA030's business
        if node is None or (isinstance(node, YScalar) and node.is_null):
            if key.value == "schedule":
                self.err("the schedule event needs a list of cron entries", key.span)
            return Trigger(name, node)
        if key.value == "schedule":
            crons: list[Str] = []
            if isinstance(node, YSeq):
                for item in node.items:
                    im = self.want_map(item, "schedule item")
                    if im is None:
                        continue
                    self.check_keys(im, ("cron", "timezone"), "schedule item")
                    self.timezone(im.get("timezone"))
                    c = self.str_(im.get("cron"), "schedule.cron")
                    if c is not None:
                        crons.append(c)
                    elif im.get("cron") is None:
                        self.err("schedule item needs a 'cron' key", im.span)
            else:
                self.err("schedule must be a list of cron entries", node.span)
            return Trigger(name, node, crons=tuple(crons))
        m = self.want_map(node, f"the {key.value} event")
        if m is None:
            return Trigger(name, node)
        filters: list[Filter] = []
        types: tuple[Str, ...] = ()
        inputs: list[Input] = []
        workflows: tuple[Str, ...] = ()
        secrets: list[CallSecret] = []
        outputs: list[Located[str]] = []
        for p in m.pairs:
            k = p.key.value
            if k == "types":
                types = self.str_list(p.value, f"on.{key.value}.types")
            elif k == "workflows":
                workflows = self.str_list(p.value, f"on.{key.value}.workflows")
            elif k in FILTER_KEYS:
                filters.append(Filter(self.loc(p.key), self.str_list(p.value, f"on.{key.value}.{k}")))
            elif k == "inputs" and key.value in ("workflow_dispatch", "workflow_call"):
                inputs.extend(self.inputs(p.value, f"on.{key.value}.inputs", key.value))
            elif k in ("outputs", "secrets") and key.value == "workflow_call":
                declared = p.value if isinstance(p.value, YMap) else None
                self.unique_ci(declared, k)
                for d in declared.pairs if declared is not None else ():
                    self.call_definition(k, d)
                    if k == "outputs":
                        outputs.append(self.loc(d.key))
                        continue
                    r = d.value.get("required") if isinstance(d.value, YMap) else None
                    secrets.append(CallSecret(self.loc(d.key), isinstance(r, YScalar) and bool(r.as_bool())))
                continue
            else:
                allowed = (
                    ("inputs", "outputs", "secrets")
                    if key.value == "workflow_call"
                    else ("inputs",)
                    if key.value == "workflow_dispatch"
                    else tuple(sorted(FILTER_KEYS | {"names", "versions"}))
                )
                if key.value == "image_version" and k in ("names", "versions"):
                    self.str_list(p.value, f"on.image_version.{k}")
                    continue
                self.err(f"unknown key {k!r} for the {key.value} event{_suggest(k, allowed)}", p.key.span)
        return Trigger(name, node, tuple(filters), types, (), tuple(inputs), workflows, tuple(secrets), tuple(outputs))

    def snapshot(self, pair: YPair | None) -> None:
        """A job's ``snapshot:`` (a custom runner image made from the job's runner): an image name, or
        a mapping of ``image-name`` (required), ``version`` and ``if``."""
        if pair is None:
            return
        node = pair.value
        if isinstance(node, YScalar):
            name = self.str_(node, "snapshot.image-name")
            if name is not None and not name.value.strip():
                self.err("snapshot names an empty image", node.span)
            return
        if isinstance(node, YSeq):
            self.err("snapshot is an image name or a mapping of 'image-name' and 'version', not a list", node.span)
            return
        m = self.want_map(node, "snapshot")
        if m is None:
            return
        self.check_keys(m, ("image-name", "version", "if"), "snapshot")
        for k in ("image-name", "version"):
            v = m.get(k)
            if isinstance(v, YScalar) and not v.is_null and not v.value.strip():
                self.err(f"snapshot {k} is empty", v.span)
            self.str_(v, f"snapshot.{k}")
        self.str_(m.get("if"), "if")
        if m.get("image-name") is None:
            self.err("snapshot needs 'image-name' (the custom image to create)", pair.key.span)

    def timezone(self, node: YNode | None) -> None:
        """A schedule's ``timezone:``: an IANA zone name (checked against the system's time zone
        database; without one nothing is checked)."""
        tz = self.str_(node, "schedule.timezone")
        if tz is None or tz.has_expr:
            return
        problem = timezone_problem(tz.value)
        if problem is not None:
            self.err(problem, tz.span)

    def call_definition(self, section: str, d: YPair) -> None:
        """One ``on.workflow_call`` secret or output definition: its keys, and an output's ``value``."""
        what = f"workflow_call {section[:-1]} {d.key.value!r}"
        dm = self.want_map(d.value, what)
        if dm is None:
            if section == "outputs" and isinstance(d.value, YScalar) and d.value.is_null:
                self.err(f"{what} needs a 'value' (the expression it is set from)", d.key.span)
            return
        self.check_keys(dm, ("description", "value") if section == "outputs" else ("description", "required"), what)
        if section == "outputs" and dm.get("value") is None:
            self.err(f"{what} needs a 'value' (the expression it is set from)", d.key.span)

    def input_type(self, node: YNode | None, event: str) -> None:
        """``type:`` of a ``workflow_dispatch``/``workflow_call`` input: one GitHub knows for the event."""
        allowed = INPUT_TYPES.get(event)
        if allowed is None or not isinstance(node, YScalar) or node.is_null or "${{" in node.value:
            return
        if node.value not in allowed:
            kinds = ", ".join(allowed)
            hint = _suggest(node.value, allowed)
            self.err(f"unknown input type {node.value!r} for the {event} event (one of {kinds}){hint}", node.span)

    def inputs(self, node: YNode | None, what: str, event: str = "") -> list[Input]:
        m = self.want_map(node, what)
        if m is None:
            return []
        self.unique_ci(m, "inputs")
        out = []
        for p in m.pairs:
            im = p.value if isinstance(p.value, YMap) else None
            typ = req = None
            default = None
            options: tuple[Str, ...] = ()
            if im is not None:
                t = im.get("type")
                self.input_type(t, event)
                typ = t.value if isinstance(t, YScalar) else None
                r = im.get("required")
                req = r.as_bool() if isinstance(r, YScalar) else None
                default = self.str_(im.get("default"), f"{what}.default")
                options = self.str_list(im.get("options"), f"{what}.options")
            out.append(Input(self.loc(p.key), typ or "string", bool(req), default, options, p.value.span, p.value))
        return out

    # -- steps -------------------------------------------------------------------------------
    def step(
        self,
        node: YNode,
        index: int,
        comments: dict[int, str],
        action: bool,
        default_shell: str = "bash",
        default_wd: Str | None = None,
        parallel: Span | None = None,
    ) -> Step | None:
        m = self.want_map(node, "a step")
        if m is None:
            return None
        self.check_keys(m, STEP_KEYS if action else WORKFLOW_STEP_KEYS, "a step")
        self.positive(m.get("timeout-minutes"), "timeout-minutes", integer=False)
        anchor = m.pairs[0].key.span if m.pairs else m.span
        uses = self.uses(m.get("uses"), comments) if m.get("uses") is not None else None
        run = self.str_(m.get("run"), "run")
        if m.get("run") is not None and run is None and not isinstance(m.get("run"), YScalar):
            self.err("run must be a string", m.span)
        if uses is not None and run is not None:
            self.err("a step has either 'uses' or 'run', not both", anchor)
        elif run is not None and (with_pair := m.pair("with")) is not None and not with_pair.merged:
            self.err(
                "'with' gives inputs to an action; a step that runs a command ('run') takes none", with_pair.key.span
            )
        elif uses is None and run is None and m.get("uses") is None and m.get("run") is None:
            self.err("a step needs 'uses' or 'run'", anchor)
        shell = self.str_(m.get("shell"), "shell")
        sid = m.get("id")
        if isinstance(sid, YScalar) and "${{" not in sid.value and not _ID_RE.fullmatch(sid.value):
            self.err(
                f"step id {sid.value!r} must start with a letter or '_' and contain only letters, digits, '-' and '_'",
                sid.span,
            )
        wd = m.pair("working-directory")
        if wd is not None and uses is not None:
            self.err("'working-directory' only applies to 'run' steps", wd.key.span)
        if action and run is not None and shell is None:
            self.err("a 'run' step of a composite action needs 'shell'", anchor)
        with_node = m.get("with")
        with_ = self.kv(with_node, "with") if with_node is not None else ()
        return Step(
            index=index,
            span=m.span,
            anchor=anchor,
            id=self.str_(m.get("id"), "id"),
            name=self.str_(m.get("name"), "step.name"),
            uses=uses,
            run=run,
            shell=shell,
            with_=with_,
            env=self.env_(m.get("env"), "step"),
            if_=self.str_(m.get("if"), "if"),
            working_directory=self.str_(m.get("working-directory"), "working-directory"),
            default_working_directory=default_wd,
            dialect=shell.value if shell is not None and not shell.has_expr else default_shell,
            parallel=parallel,
            background=actions_true(m.get("background")),
            node=m,
        )

    def control_step(
        self,
        m: YMap,
        key: str,
        index: int,
        comments: dict[int, str],
        default_shell: str,
        default_wd: Str | None = None,
    ) -> list[Step]:
        """A ``parallel`` group (its steps, flattened in order) or a ``wait``/``wait-all``/``cancel`` step (no
        step of its own: it runs nothing)."""
        self.check_keys(m, (key, *_CONTROL_EXTRA_KEYS), f"a '{key}' step")
        value = m.get(key)
        pair = m.pair(key)
        assert pair is not None
        if key == "parallel":
            if not isinstance(value, YSeq) or not value.items:
                self.err("'parallel' takes a list of steps", value.span if value is not None else pair.key.span)
                return []
            out = []
            for k, item in enumerate(value.items):
                if isinstance(item, YMap) and item.get("parallel") is not None:
                    self.err("a 'parallel' group cannot hold another 'parallel' group", item.pairs[0].key.span)
                    continue
                s = self.step(item, index + k, comments, False, default_shell, default_wd, parallel=pair.key.span)
                if s is not None:
                    out.append(s)
            return out
        if key == "cancel" and (not isinstance(value, YScalar) or value.is_null):
            self.err("'cancel' takes the id of a background step", value.span if value is not None else pair.key.span)
        elif key == "wait" and not self.str_list(value, "wait"):
            self.err("'wait' takes a background step id or a list of them", value.span if value else pair.key.span)
        return []

    def steps(
        self,
        node: YNode | None,
        comments: dict[int, str],
        action: bool,
        default_shell: str = "bash",
        default_wd: Str | None = None,
    ) -> tuple[Step, ...]:
        if node is None:
            return ()
        if not isinstance(node, YSeq):
            self.err("steps must be a list", node.span)
            return ()
        out: list[Step] = []
        i = 0
        for item in node.items:
            control = (
                next((k for k in _CONTROL_STEP_KEYS if item.pair(k) is not None), None)
                if isinstance(item, YMap) and not action
                else None
            )
            if control is not None and isinstance(item, YMap):
                group = self.control_step(item, control, i, comments, default_shell, default_wd)
                out.extend(group)
                i += max(1, len(group))
                continue
            s = self.step(item, i, comments, action, default_shell, default_wd)
            if s is not None:
                out.append(s)
            i += 1
        return tuple(out)

    # -- jobs --------------------------------------------------------------------------------
    def job(self, key: YScalar, node: YNode, comments: dict[int, str]) -> Job | None:
        jid = self.loc(key)
        m = self.want_map(node, f"job {key.value!r}")
        if m is None:
            if isinstance(node, YScalar) and node.is_null:
                self.err(f"job {key.value!r} is empty", key.span)
            return None
        self.check_keys(m, JOB_KEYS, f"job {key.value!r}")
        self.snapshot(m.pair("snapshot"))
        uses = self.uses(m.get("uses"), comments) if m.get("uses") is not None else None
        if uses is not None:
            for p in m.pairs:
                if p.key.value not in _CALLER_KEYS and not p.merged:
                    self.err(f"'{p.key.value}' is not available on a job that calls a reusable workflow", p.key.span)
            if uses.kind == "local" and "@" in uses.raw.value:
                self.err("a local reusable workflow is referenced without '@ref'", uses.span)
            elif uses.kind == "repo" and not uses.path.lower().endswith((".yml", ".yaml")):
                self.err(
                    f"a reusable workflow is called as 'owner/repo/<path to the .yml file>@ref', not "
                    f"{uses.raw.value.strip()!r}",
                    uses.span,
                )
        else:
            for k in ("with", "secrets"):
                pair = m.pair(k)
                if pair is not None:
                    self.err(f"'{k}' is only available on a job that calls a reusable workflow", pair.key.span)
        if not _ID_RE.fullmatch(key.value):
            self.err(
                f"job id {key.value!r} must start with a letter or '_' and contain only letters, digits, '-' and '_'",
                key.span,
            )
        if uses is None:
            if m.get("runs-on") is None:
                self.err(f"job {key.value!r} needs 'runs-on'", key.span)
            if m.get("steps") is None:
                self.err(f"job {key.value!r} needs 'steps'", key.span)
        elif m.get("steps") is not None:
            self.err("a job that calls a reusable workflow ('uses') cannot have 'steps'", key.span)
        runs_on: tuple[Str, ...] = ()
        group = None
        ro = m.get("runs-on")
        if isinstance(ro, YMap):
            runs_on = self.str_list(ro.get("labels"), "runs-on")
            group = self.str_(ro.get("group"), "runs-on.group")
            self.check_keys(ro, ("labels", "group"), "runs-on")
        elif ro is not None:
            runs_on = self.str_list(ro, "runs-on")
        env_node = m.get("environment")
        environment = None
        if isinstance(env_node, YMap):
            self.check_keys(env_node, ("name", "url", "deployment"), "environment")
            environment = Environment(
                env_node.span, self.str_(env_node.get("name"), "environment"), self.str_(env_node.get("url"), "url")
            )
        elif isinstance(env_node, YScalar) and not env_node.is_null:
            environment = Environment(env_node.span, self.str_(env_node, "environment"))
        needs = self.str_list(m.get("needs"), "needs")
        strategy = m.get("strategy")
        matrix = None
        rows: list[tuple[str, tuple[Str, ...]]] = []
        dynamic: list[tuple[str, Str]] = []
        self.positive(m.get("timeout-minutes"), "timeout-minutes", integer=False)
        if isinstance(strategy, YMap):
            self.check_keys(strategy, STRATEGY_KEYS, "strategy")
            self.positive(strategy.get("max-parallel"), "max-parallel", integer=True)
            matrix = strategy.get("matrix")
            rows, dynamic = self.matrix(matrix)
        services = []
        sm = self.want_map(m.get("services"), "services")
        self.unique_ci(sm, "services")
        if sm is not None:
            for p in sm.pairs:
                c = self.container(p.value, f"service {p.key.value!r}", self.loc(p.key))
                if c is not None:
                    services.append(c)
        secrets_node = m.get("secrets")
        inherit = None
        secrets: tuple[tuple[Located[str], Str], ...] = ()
        if isinstance(secrets_node, YScalar):
            if secrets_node.value == "inherit":
                inherit = Located("inherit", secrets_node.span)
            else:
                self.err("secrets must be 'inherit' or a mapping", secrets_node.span)
        elif secrets_node is not None:
            secrets = self.kv(secrets_node, "secrets")
        defaults = self.want_map(m.get("defaults"), "defaults")
        job_shell = self.default_shell(defaults)
        shell = job_shell or self.workflow_shell
        wd = self.default_wd(defaults) or self.workflow_wd
        return Job(
            id=jid,
            span=m.span,
            name=self.str_(m.get("name"), "job.name"),
            needs=needs,
            if_=self.str_(m.get("if"), "if"),
            environment=environment,
            runs_on=runs_on,
            runs_on_span=ro.span if ro is not None else None,
            runs_on_group=group,
            permissions=self.permissions(m.pair("permissions")),
            env=self.env_(m.get("env"), "job"),
            defaults_shell=job_shell,
            concurrency=m.get("concurrency"),
            matrix=matrix,
            matrix_rows=tuple(rows),
            matrix_dynamic=tuple(dynamic),
            services=tuple(services),
            container=self.container(m.get("container"), "container"),
            outputs=self.kv(m.get("outputs"), "outputs"),
            steps=self.steps(
                m.get("steps"),
                comments,
                False,
                shell.value if shell is not None and not shell.has_expr else "bash",
                wd,
            ),
            uses=uses,
            secrets_inherit=inherit,
            secrets=secrets,
            with_=self.kv(m.get("with"), "with"),
            node=m,
        )

    def matrix(self, node: YNode | None) -> tuple[list[tuple[str, tuple[Str, ...]]], list[tuple[str, Str]]]:
        """Every literal value each matrix key takes, and the keys computed by expressions.

        A dimension value that an ``exclude`` entry of that one key removes (``- os: self-hosted``)
        is not a value the matrix takes; ``include`` entries are added after exclusion, as GitHub
        does.
        """
        rows: dict[str, list[tuple[Str, bool]]] = {}  # key -> (value, from a dimension list)
        dynamic: list[tuple[str, Str]] = []
        excluded: set[tuple[str, str]] = set()
        if isinstance(node, YScalar):
            s = self.str_(node, "matrix")
            if s is not None:
                dynamic.append(("*", s))
            return [], dynamic
        if not isinstance(node, YMap):
            return [], dynamic
        self.unique_ci(node, "matrix")
        for p in node.pairs:
            k = p.key.value
            if k in ("include", "exclude"):
                if isinstance(p.value, YScalar):
                    s = self.str_(p.value, "matrix")
                    if s is not None:
                        dynamic.append(("*", s))
                    continue
                if not isinstance(p.value, YSeq):
                    continue
                if k == "exclude":
                    for row in p.value.items:
                        if isinstance(row, YMap) and len(row.pairs) == 1 and isinstance(row.pairs[0].value, YScalar):
                            excluded.add((row.pairs[0].key.value, row.pairs[0].value.value))
                    continue
                for row in p.value.items:
                    if isinstance(row, YMap):
                        for rp in row.pairs:
                            s = self.str_(rp.value, "matrix")
                            if s is not None:
                                rows.setdefault(rp.key.value, []).append((s, False))
                    elif isinstance(row, YScalar):
                        s = self.str_(row, "matrix")
                        if s is not None and s.has_expr:
                            dynamic.append(("*", s))
                continue
            if isinstance(p.value, YSeq):
                for item in p.value.items:
                    s = self.str_(item, "matrix")
                    if s is not None:
                        rows.setdefault(k, []).append((s, True))
            elif isinstance(p.value, YScalar):
                s = self.str_(p.value, "matrix")
                if s is not None:
                    if s.has_expr:
                        dynamic.append((k, s))
                    else:
                        rows.setdefault(k, []).append((s, True))
        out = []
        for k, vals in rows.items():
            kept = tuple(v for v, dim in vals if not (dim and (k, v.value) in excluded))
            if kept:
                out.append((k, kept))
        return out, dynamic

    def default_shell(self, defaults: YMap | None) -> Str | None:
        if defaults is None:
            return None
        self.check_keys(defaults, ("run",), "defaults")
        run = self.want_map(defaults.get("run"), "defaults.run")
        if run is None:
            return None
        self.check_keys(run, ("shell", "working-directory"), "defaults.run")
        return self.str_(run.get("shell"), "defaults.run.shell")

    def default_wd(self, defaults: YMap | None) -> Str | None:
        """``defaults.run.working-directory`` (checked by :meth:`default_shell`)."""
        run = defaults.get("run") if defaults is not None else None
        if not isinstance(run, YMap):
            return None
        return self.str_(run.get("working-directory"), "defaults.run.working-directory")

    # -- files ---------------------------------------------------------------------------------
    def workflow(self, root: YMap, comments: dict[int, str]) -> Workflow:
        self.check_keys(root, WORKFLOW_KEYS, "a workflow")
        on_pair = root.pair("on")
        if on_pair is not None and isinstance(on_pair.value, YScalar) and on_pair.value.is_null:
            self.err("'on' is empty: list the events that trigger the workflow", on_pair.key.span)
        if on_pair is None:
            # YAML 1.1 spellings that mean "on" to some loaders are plain strings here
            self.err(
                "a workflow needs 'on' (the events that trigger it)",
                root.pairs[0].key.span if root.pairs else root.span,
            )
        defaults = self.want_map(root.get("defaults"), "defaults")
        self.workflow_shell = self.default_shell(defaults)
        self.workflow_wd = self.default_wd(defaults)
        jobs_node = root.get("jobs")
        jobs: list[Job] = []
        jm = self.want_map(jobs_node, "jobs")
        if jobs_node is None:
            self.err("a workflow needs 'jobs'", root.pairs[0].key.span if root.pairs else root.span)
        elif isinstance(jobs_node, YScalar) and jobs_node.is_null:
            pair = root.pair("jobs")
            self.err("jobs is empty: a workflow needs at least one job", pair.key.span if pair else jobs_node.span)
        elif jm is not None:
            seen: dict[str, Span] = {}
            for p in jm.pairs:
                low = p.key.value.lower()
                if low in seen:
                    self.err(f"job id {p.key.value!r} duplicates another job id (ids are case-insensitive)", p.key.span)
                seen[low] = p.key.span
                j = self.job(p.key, p.value, comments)
                if j is not None:
                    jobs.append(j)
        return Workflow(
            source=self.src,
            span=root.span,
            name=self.str_(root.get("name"), "name"),
            on_span=on_pair.key.span if on_pair is not None else None,
            triggers=self.triggers(on_pair.value if on_pair is not None else None),
            permissions=self.permissions(root.pair("permissions")),
            env=self.env_(root.get("env"), "workflow"),
            defaults_shell=self.workflow_shell,
            concurrency=root.get("concurrency"),
            jobs=tuple(jobs),
            jobs_span=jm.span if jm is not None else None,
            root=root,
        )

    def action(self, root: YMap, comments: dict[int, str]) -> Workflow:
        self.check_keys(root, ACTION_KEYS, "an action")
        runs = self.want_map(root.get("runs"), "runs")
        if root.get("runs") is None:
            self.err("an action needs 'runs'", root.pairs[0].key.span if root.pairs else root.span)
        jobs: list[Job] = []
        meta = ActionMeta(inputs=tuple(self.inputs(root.get("inputs"), "inputs")))
        if runs is not None:
            self.check_keys(runs, RUNS_KEYS, "runs")
            using = self.str_(runs.get("using"), "runs.using")
            if using is None:
                self.err("runs needs 'using'", runs.span)
            meta = ActionMeta(
                using=using,
                image=self.str_(runs.get("image"), "runs.image"),
                main=self.str_(runs.get("main"), "runs.main"),
                inputs=meta.inputs,
                span=runs.span,
            )
            steps = self.steps(runs.get("steps"), comments, True)
            pair = root.pair("runs")
            assert pair is not None
            jobs.append(Job(id=Located("<action>", pair.key.span), span=runs.span, steps=steps, node=runs, env=Env()))
        return Workflow(
            source=self.src,
            span=root.span,
            is_action=True,
            name=self.str_(root.get("name"), "name"),
            jobs=tuple(jobs),
            action=meta,
        )


_SCOPES = frozenset(
    {
        "actions",
        "attestations",
        "artifact-metadata",
        "checks",
        "contents",
        "deployments",
        "discussions",
        "id-token",
        "issues",
        "models",
        "copilot-requests",
        "packages",
        "pages",
        "pull-requests",
        "repository-projects",
        "security-events",
        "statuses",
    }
)


_SCOPE_VALUES = {"id-token": ("write", "none"), "models": ("read", "none")}
_ENV_NAME = re.compile(r"[^=\s&]+")


def parse_uses(s: Str, comment: str, b: _Builder | None = None) -> ActionRef:
    raw = s.value.strip()
    if raw.startswith(("./", "../", "$/")) or raw == ".":
        return ActionRef(s, "local", path=raw, comment=comment)
    if raw.startswith("docker://"):
        image = raw[len("docker://") :]
        if b is not None and not s.has_expr and (not image or image.endswith((":", "@"))):
            b.err(f"{raw!r} names no image or an empty tag: write docker://image:tag or docker://image@digest", s.span)
        return ActionRef(s, "docker", comment=comment)
    if s.has_expr:
        return ActionRef(s, "invalid", comment=comment)
    name, at, ref = raw.partition("@")
    parts = name.split("/")
    if not at or not ref or len(parts) < 2 or not parts[0] or not parts[1]:
        if b is not None:
            b.err(
                f"invalid 'uses' value {raw!r}: expected owner/repo[/path]@ref, ./local/path or docker://image",
                s.span,
            )
        return ActionRef(s, "invalid", comment=comment)
    path = "/".join(parts[2:])
    slug = f"{parts[0]}/{parts[1]}".lower()
    return ActionRef(
        s, "repo", parts[0], parts[1], path, ref, comment, slug, slug + (f"/{path.lower()}" if path else "")
    )


def _trailing_comments(comments: list[Comment]) -> dict[int, str]:
    return {c.span.start_line: c.text for c in comments if c.trailing}


def _widen_block_comments(comments: list[Comment], strings: list[tuple[str, Str]]) -> list[Comment]:
    """A trailing comment on the header line of a block scalar (``run: |  # zizmor: ignore[...]``)
    covers the whole scalar: its findings sit on the lines below."""
    blocks = {s.span.start_line: s.span for _w, s in strings if s.style in ("|", ">")}
    if not blocks:
        return comments
    out = []
    for c in comments:
        span = blocks.get(c.span.start_line) if c.trailing and c.target is None else None
        out.append(dataclasses.replace(c, target=c.span.cover(span)) if span is not None else c)
    return out


def parse(src: SourceFile, env: ParseEnv | None = None) -> Parsed[Workflow]:
    doc = load_yaml(src)
    b = _Builder(src, env)
    errors = list(doc.errors)
    comments = doc.comments
    parts = PurePosixPath(src.path.as_posix()).parts
    in_workflows = len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows"
    is_action = src.path.name.lower() in ("action.yml", "action.yaml") and not in_workflows
    root = doc.root
    if root is None or (isinstance(root, YScalar) and root.is_null):
        if not errors:
            errors.append(Diagnostic("the file is empty: nothing to run", src.span(0, 1)))
        return Parsed(None, errors, comments)
    if not isinstance(root, YMap):
        errors.append(Diagnostic("the top level must be a mapping", root.span))
        return Parsed(None, errors, comments)
    b.comment_lines = {c.span.start_line: c for c in comments}
    trailing = _trailing_comments(comments)
    if not is_action and root.get("jobs") is None and root.get("runs") is not None:
        is_action = True
    model = b.action(root, trailing) if is_action else b.workflow(root, trailing)
    # anchors and aliases work in GitHub Actions; the merge key does not (the runner rejects it)
    for node in walk(root):
        if isinstance(node, YMap):
            for at in node.merge_keys:
                b.err("GitHub Actions does not support the YAML merge key '<<'; repeat the keys instead", at)
    model.strings = tuple(b.strings)
    model.root = root
    comments = _widen_block_comments(comments, b.strings)
    if env is not None:
        model.deploy_settings = dict(env.settings.section("workflow"))
        if "pin-policy" in model.deploy_settings:
            model.pin_policy = pin_policy.parse(model.deploy_settings["pin-policy"])
    return Parsed(model, errors + b.errors, comments)
