"""Whose repositories a workflow runs in, as its own conditions say.

Many organisations guard the jobs of a public repository so that forks do not run them:
``if: github.repository_owner == 'acme'`` or ``if: github.repository == 'acme/app'``. Such a guard
names the account that owns the repository, and so the account whose actions are first-party
code: published by the same people who maintain the workflow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deploylint.expressions import Binary, literal_comparison, walk

if TYPE_CHECKING:
    from deploylint.models.workflow import Workflow
    from deploylint.models.workflow_strings import Str


def _owner_named(node: Binary) -> str | None:
    """The owner a comparison of ``github.repository_owner`` or ``github.repository`` with a
    string literal names, lower-cased (GitHub's names are case-insensitive)."""
    got = literal_comparison(node)
    if got is None or not isinstance(got[1].value, str) or not got[1].value:
        return None
    path, value = got[0], got[1].value
    if path == ("github", "repository_owner"):
        return value.lower() if "/" not in value else None
    if path == ("github", "repository"):
        owner, slash, repo = value.partition("/")
        return owner.lower() if slash and owner and repo else None
    return None


def _owners_in(condition: Str) -> set[str]:
    found: set[str] = set()
    for expr in condition.exprs:
        if expr.node is None:
            continue
        for node in walk(expr.node):
            if isinstance(node, Binary) and node.op == "==":
                owner = _owner_named(node)
                if owner is not None:
                    found.add(owner)
    return found


def home_owners(wf: Workflow) -> frozenset[str]:
    """The accounts a job or step condition of the workflow compares the repository's owner with."""
    found: set[str] = set()
    for job in wf.jobs:
        if job.if_ is not None:
            found |= _owners_in(job.if_)
        for step in job.steps:
            if step.if_ is not None:
                found |= _owners_in(step.if_)
    return frozenset(found)
