"""Truthiness: one function for each way a format reads a boolean.

Formats disagree on what ``yes`` or ``"true"`` means, so a rule asks the function of the format
it reads instead of comparing spellings itself:

- :func:`yaml_bool`: a YAML 1.2 core boolean (``true``/``True``/``TRUE`` and the ``false``
  spellings, plain scalars only), as the safe loader, the Actions workflow parser and PM2's YAML
  files read it; ``yes`` and ``on`` are strings.
- :func:`actions_true`: a workflow boolean (``background: true``) that may be true at run time:
  a YAML 1.2 ``true``, or an expression.
- :func:`action_input_bool`: an action input read with ``core.getBooleanInput`` (``with: push:
  true``): the trimmed text ``true`` or ``false``, any case; anything else is no boolean.
- :func:`compose_bool`: a Compose boolean field (``external``, ``read_only``): ``true`` or
  ``false`` in any case, quoted or not (Compose accepts the quoted strings too).
- :func:`env_flag`: an environment variable or tool option read as a switch (``PIP_NO_CACHE_DIR=1``,
  an action's ``cache: yes``): ``1/true/yes/on/y`` and ``0/false/no/off/n`` or empty, any case,
  quotes stripped.
- :func:`ci_detected`: ``CI`` as ci-info (pnpm, many Node tools) reads it: set and not ``false``.
- :func:`js_true`: a PM2 option from a JavaScript or JSON file: the literal ``true`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deploylint.models.tree import YNode

_YAML_TRUE = frozenset({"true", "True", "TRUE"})
_YAML_FALSE = frozenset({"false", "False", "FALSE"})
_FLAG_TRUE = frozenset({"1", "true", "yes", "on", "y"})
_FLAG_FALSE = frozenset({"0", "false", "no", "off", "n", ""})


def yaml_bool(text: str, *, plain: bool = True) -> bool | None:
    """A YAML 1.2 core boolean; None for any other scalar (a quoted one is a string)."""
    if not plain:
        return None
    return True if text in _YAML_TRUE else False if text in _YAML_FALSE else None


def actions_true(node: YNode | None) -> bool:
    """A workflow boolean that is, or may be at run time, true (``true`` or ``${{ ... }}``)."""
    from deploylint.models.tree import YScalar

    return isinstance(node, YScalar) and (node.as_bool() is True or "${{" in node.value)


def action_input_bool(text: str) -> bool | None:
    """An action input as ``core.getBooleanInput`` reads it; None when it is no boolean."""
    low = text.strip().lower()
    return True if low == "true" else False if low == "false" else None


def compose_bool(text: str) -> bool | None:
    """A Compose boolean (``true``/``false`` in any case); None for anything else."""
    low = text.lower()
    return True if low == "true" else False if low == "false" else None


def compose_node_bool(node: YNode | None) -> bool | None:
    """:func:`compose_bool` of a scalar node; None for a missing or non-scalar node."""
    from deploylint.models.tree import YScalar

    return compose_bool(node.value) if isinstance(node, YScalar) else None


def env_flag(value: str | None) -> bool | None:
    """A switch in an environment variable or tool option; None when unset or unclear."""
    if value is None:
        return None
    low = value.strip().strip("\"'").lower()
    return True if low in _FLAG_TRUE else False if low in _FLAG_FALSE else None


def ci_detected(value: str | None) -> bool:
    """``CI`` as ci-info reads it: set to anything but ``false``."""
    return bool(value) and value is not None and value.lower() != "false"


def js_true(node: YNode | None) -> bool:
    """A PM2 option that is the literal ``true`` (not null, not a string)."""
    from deploylint.models.tree import YScalar

    return isinstance(node, YScalar) and not node.is_null and node.as_bool() is True


__all__ = [
    "action_input_bool",
    "actions_true",
    "ci_detected",
    "compose_bool",
    "compose_node_bool",
    "env_flag",
    "js_true",
    "yaml_bool",
]
