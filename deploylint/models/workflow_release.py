"""What makes a workflow a release workflow: one classification of its triggers and name.

A workflow is a release workflow when something about it says it builds what gets shipped. The
evidence comes in kinds (:class:`ReleaseSignal`) of two strengths, and every rule reads the same
facts: a trigger that can start a release run (:func:`builds_releases`) is strong enough to
report on (GHA020 reports a cache restored there); any evidence, a release-like name included
(:func:`is_release`), is enough to stay quiet (GHA004 does not advise a cache there, since GHA020
would then report it).
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deploylint.models.workflow import Workflow

_NAMED = re.compile(r"release|publish", re.IGNORECASE)


class ReleaseSignal(enum.Enum):
    """One piece of evidence that a workflow builds releases."""

    #: ``on: release``
    RELEASE_EVENT = "release event"
    #: ``on: registry_package`` (a package was published)
    PACKAGE_EVENT = "registry_package event"
    #: ``on: push: tags:`` (with or without branch and path filters)
    TAG_PUSH = "tag push"
    #: ``on: push: branches:`` naming a ``release*`` branch
    RELEASE_BRANCH = "push to a release branch"
    #: the workflow's name or file name says release or publish
    NAME = "name"


#: the signals that come from triggers: the runs that can build a release are known
TRIGGER_SIGNALS = frozenset(
    {ReleaseSignal.RELEASE_EVENT, ReleaseSignal.PACKAGE_EVENT, ReleaseSignal.TAG_PUSH, ReleaseSignal.RELEASE_BRANCH}
)


def release_signals(wf: Workflow) -> frozenset[ReleaseSignal]:
    """Every piece of release evidence the workflow carries."""
    got: set[ReleaseSignal] = set()
    events = wf.events
    if "release" in events:
        got.add(ReleaseSignal.RELEASE_EVENT)
    if "registry_package" in events:
        got.add(ReleaseSignal.PACKAGE_EVENT)
    push = wf.trigger("push")
    if push is not None:
        if push.filter("tags") is not None:
            got.add(ReleaseSignal.TAG_PUSH)
        branches = push.filter("branches")
        if branches is not None and any(b.value.lower().startswith("release") for b in branches.items):
            got.add(ReleaseSignal.RELEASE_BRANCH)
    name = (wf.name.value if wf.name else "") + " " + wf.source.path.name
    if _NAMED.search(name):
        got.add(ReleaseSignal.NAME)
    return frozenset(got)


def is_release(wf: Workflow) -> bool:
    """The workflow may build releases: a release trigger or a release name."""
    return bool(release_signals(wf))


def builds_releases(wf: Workflow) -> bool:
    """A trigger of the workflow starts release runs (a name alone is not enough)."""
    return bool(release_signals(wf) & TRIGGER_SIGNALS)


def releases_from_tags_only(wf: Workflow) -> bool:
    """Every release trigger of the workflow runs on a tag ref (``release``, ``push: tags``):
    none comes from a published package or a push to a release branch."""
    return not release_signals(wf) & {ReleaseSignal.PACKAGE_EVENT, ReleaseSignal.RELEASE_BRANCH}


__all__ = [
    "TRIGGER_SIGNALS",
    "ReleaseSignal",
    "builds_releases",
    "is_release",
    "release_signals",
    "releases_from_tags_only",
]
