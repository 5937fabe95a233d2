"""POSIX cron validation for ``on.schedule`` (five fields, GitHub's minimum interval)."""

from __future__ import annotations

import itertools

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 6))
_NAMES = {
    3: {
        m: i + 1
        for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
    },
    4: {d: i for i, d in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])},
}


def _num(tok: str, idx: int) -> int | None:
    low = tok.lower()
    if low in _NAMES.get(idx, {}):
        return _NAMES[idx][low]
    return int(tok) if tok.isdigit() else None


def _values(field: str, idx: int) -> set[int] | str:
    name, lo, hi = _FIELDS[idx]
    hi_ok = 7 if idx == 4 else hi
    out: set[int] = set()
    for part in field.split(","):
        if not part:
            return f"empty item in the {name} field"
        rng, _, step_s = part.partition("/")
        step = 1
        if step_s:
            if not step_s.isdigit() or int(step_s) == 0:
                return f"invalid step '{step_s}' in the {name} field"
            step = int(step_s)
        if rng == "*":
            a, b = lo, hi
        else:
            left, dash, right = rng.partition("-")
            na = _num(left, idx)
            nb = _num(right, idx) if dash else (hi if step_s else na)
            if na is None or nb is None:
                return f"'{part}' is not valid in the {name} field"
            a, b = na, nb
            for v in (a, b):
                if not lo <= v <= hi_ok:
                    return f"{v} is out of range for the {name} field ({lo}-{hi})"
            if a > b:
                return f"range {a}-{b} is reversed in the {name} field"
        out.update(range(a, b + 1, step))
    return out


def check_cron(expr: str) -> str | None:
    """Why ``expr`` is not a valid GitHub cron schedule, or None."""
    fields = expr.split()
    if len(fields) != 5:
        return f"expected 5 fields, found {len(fields)}"
    values = []
    for i, f in enumerate(fields):
        v = _values(f, i)
        if isinstance(v, str):
            return v
        values.append(v)
    minutes = sorted(values[0])
    if len(values[1]) > 1 or len(minutes) > 1:
        gaps = [b - a for a, b in itertools.pairwise(minutes)]
        if len(values[1]) > 1 and minutes:
            gaps.append(60 - minutes[-1] + minutes[0])
        if gaps and min(gaps) < 5:
            return f"it runs every {min(gaps)} minute(s); GitHub's shortest interval is 5 minutes"
    return None
