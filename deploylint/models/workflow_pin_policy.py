"""The pin policy of ``uses:`` references (GHA009): ``[tool.deploylint.workflow] pin-policy``.

The setting maps globs over action names (``owner/repo[/path]``, lower case) or over
``docker://`` images to one of :data:`POLICIES`; the most specific glob (the most characters
that are not ``*``) wins. The config loader checks every glob and value with
:func:`key_problem` (``deploylint.config.schema.WorkflowSection``), so a misspelt policy or a
glob that names no action is a config error; the model reads the checked table once per file as
a :class:`PinPolicy`.
"""

from __future__ import annotations

import fnmatch
import string
from collections.abc import Mapping
from typing import Literal, cast

from deploylint.records import record

Policy = Literal["hash-pin", "ref-pin", "any"]
POLICIES: tuple[Policy, ...] = ("hash-pin", "ref-pin", "any")
#: GitHub's own actions may use tags; everything else is hash-pinned
DEFAULT: dict[str, Policy] = {"actions/*": "ref-pin", "github/*": "ref-pin", "*": "hash-pin"}
#: the forms a pin-policy glob may take
KEY_FORMS = "'*', 'owner/*', 'owner/repo' or 'owner/repo/path' (with '*' and '?' as globs), or 'docker://' and an image"
#: the characters of one ``/``-separated part of a glob, and of a ``docker://`` image glob
_PART_CHARS = frozenset(string.ascii_letters + string.digits + "_.*?[]!-")
_IMAGE_CHARS = _PART_CHARS | {":", "/", "@"}


def _is_glob(key: str) -> bool:
    if key == "*":
        return True
    if key.startswith("docker://"):
        return len(key) > len("docker://") and set(key[len("docker://") :]) <= _IMAGE_CHARS
    parts = key.split("/")
    return len(parts) >= 2 and all(p and set(p) <= _PART_CHARS and p not in (".", "..") for p in parts)


@record
class PinRule:
    """One glob of the table and its policy; ``score`` ranks how specific the glob is."""

    glob: str
    policy: Policy
    score: int


@record
class PinPolicy:
    """The checked table, most specific glob first."""

    rules: tuple[PinRule, ...]

    def policy_for(self, name: str) -> Policy:
        """The policy of ``name`` (``owner/repo[/path]`` or ``docker://image``, lower case)."""
        for r in self.rules:
            if fnmatch.fnmatchcase(name, r.glob):
                return r.policy
        return "hash-pin"


def key_problem(key: str) -> str | None:
    """Why ``key`` is no pin-policy glob (with the closest glob it may have meant), or None."""
    if _is_glob(key):
        return None
    meant = _meant(key)
    hint = f"; did you mean {meant!r}?" if meant and meant != key and key_problem(meant) is None else ""
    return f"invalid glob {key!r}: expected {KEY_FORMS}{hint}"


def _meant(key: str) -> str:
    """The glob a malformed key most likely stands for: refs dropped (a policy is about refs,
    not one of them), a URL or ``uses:`` prefix cut, a bare owner widened to its actions."""
    text = key.strip().removeprefix("uses:").strip()
    for prefix in ("https://github.com/", "http://github.com/", "github.com/"):
        text = text.removeprefix(prefix)
    text = text.partition("@")[0].strip("/")
    if text and "/" not in text and text != "*":
        text += "/*"
    return text


def parse(raw: object) -> PinPolicy:
    """The table ``raw`` (the setting as written: a mapping of glob to policy), or the default
    when it is not set; entries the loader would refuse are skipped (settings built in code
    are not validated)."""
    table = raw if isinstance(raw, Mapping) and raw else DEFAULT
    rules = [
        PinRule(str(glob).lower(), cast(Policy, pol), len(str(glob).replace("*", "")))
        for glob, pol in table.items()
        if pol in POLICIES and key_problem(str(glob)) is None
    ]
    # most specific first; among equals, the one written first (sorted() is stable)
    return PinPolicy(tuple(sorted(rules, key=lambda r: -r.score)))


DEFAULT_POLICY = parse(DEFAULT)
