"""What starts a workflow and what its token may do: triggers, their filters and inputs, and
``permissions:``."""

from __future__ import annotations

from deploylint.models.base import Located
from deploylint.models.tree import YNode
from deploylint.models.workflow_strings import Str
from deploylint.records import record
from deploylint.source import Span

#: the events a workflow's ``on:`` may name (GitHub's "Events that trigger workflows")
EVENTS = frozenset(
    {
        "branch_protection_rule",
        "check_run",
        "check_suite",
        "create",
        "delete",
        "deployment",
        "deployment_status",
        "discussion",
        "discussion_comment",
        "fork",
        "gollum",
        "image_version",
        "issue_comment",
        "issues",
        "label",
        "merge_group",
        "milestone",
        "page_build",
        "project",
        "project_card",
        "project_column",
        "public",
        "pull_request",
        "pull_request_comment",
        "pull_request_review",
        "pull_request_review_comment",
        "pull_request_target",
        "push",
        "registry_package",
        "release",
        "repository_dispatch",
        "schedule",
        "status",
        "watch",
        "workflow_call",
        "workflow_dispatch",
        "workflow_run",
    }
)

_PR_TYPES = (
    "assigned",
    "unassigned",
    "labeled",
    "unlabeled",
    "opened",
    "edited",
    "closed",
    "reopened",
    "synchronize",
    "converted_to_draft",
    "ready_for_review",
    "locked",
    "unlocked",
    "review_requested",
    "review_request_removed",
    "auto_merge_enabled",
    "auto_merge_disabled",
    "milestoned",
    "demilestoned",
    "enqueued",
    "dequeued",
)
_CRUD = ("created", "edited", "deleted")
#: the activity types (``types:``) of the events that have them, as GitHub's "Events that trigger
#: workflows" lists them; events not here (``repository_dispatch`` takes any name) are not checked
ACTIVITY_TYPES: dict[str, frozenset[str]] = {
    "branch_protection_rule": frozenset(_CRUD),
    "check_run": frozenset({"created", "rerequested", "completed", "requested_action"}),
    "check_suite": frozenset({"completed"}),
    "discussion": frozenset(
        {
            *_CRUD,
            "transferred",
            "pinned",
            "unpinned",
            "labeled",
            "unlabeled",
            "locked",
            "unlocked",
            "category_changed",
            "answered",
            "unanswered",
        }
    ),
    "discussion_comment": frozenset(_CRUD),
    "issue_comment": frozenset(_CRUD),
    "issues": frozenset(
        {
            "opened",
            "edited",
            "deleted",
            "transferred",
            "pinned",
            "unpinned",
            "closed",
            "reopened",
            "assigned",
            "unassigned",
            "labeled",
            "unlabeled",
            "locked",
            "unlocked",
            "milestoned",
            "demilestoned",
            "typed",
            "untyped",
        }
    ),
    "label": frozenset(_CRUD),
    "merge_group": frozenset({"checks_requested"}),
    "milestone": frozenset({*_CRUD, "closed", "opened"}),
    "project": frozenset({*_CRUD, "closed", "reopened"}),
    "project_card": frozenset({*_CRUD, "moved", "converted"}),
    "project_column": frozenset({"created", "updated", "moved", "deleted"}),
    "pull_request": frozenset(_PR_TYPES),
    "pull_request_target": frozenset(_PR_TYPES),
    "pull_request_review": frozenset({"submitted", "edited", "dismissed"}),
    "pull_request_review_comment": frozenset(_CRUD),
    "registry_package": frozenset({"published", "updated"}),
    "release": frozenset({*_CRUD, "published", "unpublished", "prereleased", "released"}),
    "watch": frozenset({"started"}),
    "workflow_run": frozenset({"completed", "requested", "in_progress"}),
}


@record
class Filter:
    """One filter list of a trigger (``branches``, ``paths-ignore``...)."""

    name: Located[str]
    items: tuple[Str, ...]


@record
class Input:
    name: Located[str]
    type: str
    required: bool
    default: Str | None
    options: tuple[Str, ...]
    span: Span
    node: YNode


@record
class CallSecret:
    """A secret an ``on.workflow_call`` declares (``required: true``: every caller must pass it)."""

    name: Located[str]
    required: bool


@record
class Trigger:
    name: Located[str]
    node: YNode | None
    filters: tuple[Filter, ...] = ()
    types: tuple[Str, ...] = ()
    crons: tuple[Str, ...] = ()
    inputs: tuple[Input, ...] = ()
    #: workflow_run: the workflows it follows
    workflows: tuple[Str, ...] = ()
    #: workflow_call: the secrets and the outputs it declares
    secrets: tuple[CallSecret, ...] = ()
    outputs: tuple[Located[str], ...] = ()

    @property
    def event(self) -> str:
        return self.name.value

    def filter(self, name: str) -> Filter | None:
        for f in self.filters:
            if f.name.value == name:
                return f
        return None

    @property
    def span(self) -> Span:
        return self.name.span


@record
class Permissions:
    """``permissions:`` as a whole-token string (``read-all``...) or a scope map."""

    span: Span
    whole: Str | None = None  # read-all | write-all | an expression
    scopes: tuple[tuple[Located[str], Str], ...] = ()
    #: the comment that explains each scope (in the order of ``scopes``; "" for none): the
    #: comment after it on its line, else the comment lines right above it
    notes: tuple[str, ...] = ()

    def note(self, index: int) -> str:
        """The comment explaining ``scopes[index]``, without ``#`` and spaces ("" for none)."""
        return self.notes[index] if index < len(self.notes) else ""

    @property
    def is_empty_map(self) -> bool:
        return self.whole is None and not self.scopes

    def scope(self, name: str) -> str | None:
        for k, v in self.scopes:
            if k.value == name:
                return v.value
        if self.whole is not None:
            return {"read-all": "read", "write-all": "write"}.get(self.whole.value)
        return None

    def writes(self) -> list[tuple[Located[str], Str]]:
        return [(k, v) for k, v in self.scopes if v.value == "write"]
