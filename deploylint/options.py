"""Typed rule options.

A rule's options are a frozen stdlib dataclass with defaults, so using the defaults costs nothing.
Values from a config file are validated with pydantic (imported only then); unknown option names
are errors. Keys may be written in kebab-case or snake_case.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping


class OptionsError(ValueError):
    pass


def default_options(model: type[object] | None) -> object:
    """The options of a rule that has none in the config: its dataclass's defaults, or None."""
    return None if model is None else model()


def validate_options(model: type[object] | None, raw: Mapping[str, object], rule_id: str) -> object:
    """The options instance for ``raw`` (a config's ``[rules.<ID>.options]``), or None for a rule without options."""
    if not raw:
        return default_options(model)
    if model is None:
        raise OptionsError(f"rule {rule_id} takes no options (got {', '.join(sorted(raw))})")
    if not dataclasses.is_dataclass(model):
        raise TypeError(f"rule {rule_id}: its options model {model!r} is not a dataclass")  # a bug in the rule
    data = {k.replace("-", "_"): v for k, v in raw.items()}
    names = {f.name for f in dataclasses.fields(model)}
    unknown = sorted(k for k in data if k not in names)
    if unknown:
        from deploylint.suggest import did_you_mean

        raw_key = next(k for k in raw if k.replace("-", "_") == unknown[0])
        shown = sorted(n if "_" in raw_key else n.replace("_", "-") for n in names)
        raise OptionsError(
            f"rule {rule_id}: unknown option {raw_key!r}{did_you_mean(raw_key, shown)} (known: {', '.join(shown)})"
        )
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise OptionsError(f"rule {rule_id}: option {loc}: {err['msg']}") from None
