"""Types of JSON data: what ``json.loads`` gives and what the reporters and the cache write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

#: a JSON value as ``json.loads`` returns it
JSON: TypeAlias = "dict[str, JSON] | list[JSON] | str | int | float | bool | None"
#: a JSON object
JSONObject: TypeAlias = "dict[str, JSON]"
#: a value ``json.dumps`` writes, built of read-only containers, so that ``list[int]`` or
#: ``dict[str, str]`` is one (``JSON`` is invariant in its containers' items)
JSONLike: TypeAlias = "Mapping[str, JSONLike] | Sequence[JSONLike] | str | int | float | bool | None"

__all__ = ["JSON", "JSONLike", "JSONObject"]
