"""Moving a ``${{ }}`` expression out of a ``run:`` script into the step's ``env:`` (the fix of
GHA012 and GHA014; not a rule module: the registry skips ``_`` names)."""

from __future__ import annotations

from deploylint.expressions import Expr, Node
from deploylint.findings import Applicability, Edit, Fix
from deploylint.models.workflow import Job, Step, Str, Workflow
from deploylint.yaml_edit import add_entry, is_flow

Path = tuple[str, ...]


def via_env(wf: Workflow, job: Job, step: Step, run: Str, node: Node, e: Expr, path: Path) -> Fix | None:
    """Move the expression to the step's ``env:`` and read the variable in the script."""
    script = step.script()
    if script is None or e.node is not node:
        return None  # not a POSIX shell, or the reference is part of a larger expression
    src = wf.source
    a, b = run.offset(e.start), run.offset(e.end - 1) + 1
    raw = run.value[e.start : e.end]
    if src.text[a:b] != raw:
        return None  # the YAML scalar's text is not the script's (a quoted scalar's escapes)
    where = next((g.context for g in script.github_expressions if g.span.start_offset == a), None)
    if where not in ("unquoted", "double", "single"):
        return None
    edits = []
    if path[0] == "env" and len(path) == 2:
        defined = next((v for env in (step.env, job.env, wf.env) if (v := env.get(path[1])) is not None), None)
        if defined is None:
            return None  # set through GITHUB_ENV: the name's spelling is unknown
        name = defined.name.value
    else:
        name, existing = _name(wf, job, step, path, raw)
        if not existing:
            env = step.node.get("env") if step.node is not None else None
            quoted = (env is not None and is_flow(env, src)) or any(t in raw for t in (" #", ": ", "'", '"'))
            value = f"'{raw}'" if quoted and "'" not in raw else raw
            if quoted and "'" in raw:
                return None
            add = add_entry(step.node, src, "env", f"{name}: {value}", before="run")
            if add is None:
                return None
            edits.append(add)
    after = src.text[b : b + 1]
    ref = f"${{{name}}}" if after.isalnum() or after == "_" else f"${name}"
    if where == "single" and src.text[a - 1 : a] == "'" and src.text[b : b + 1] == "'":
        a, b, where = a - 1, b + 1, "unquoted"  # the whole quoted word: '${{ x }}' -> "$X"
    text = {"unquoted": f'"{ref}"', "double": ref, "single": f"'\"{ref}\"'"}[where]
    edits.append(Edit(src.span(a, b), text))
    return Fix(f"pass it through env: {name}", tuple(edits), Applicability.UNSAFE)


def _name(wf: Workflow, job: Job, step: Step, path: Path, raw: str) -> tuple[str, bool]:
    """A variable name for the expression, and whether the step's env already holds it."""
    parts = [p for p in path if p.replace("-", "_").replace("_", "a").isalnum() and not p.isdigit()]
    base = "_".join(parts[-2:] if path[0] != "secrets" else parts[-1:]).upper().replace("-", "_")
    if base.startswith(("GITHUB_", "RUNNER_")) or not base:
        base = (parts[-1] if parts else "VALUE").upper().replace("-", "_")
    taken = {v.name.value.upper(): v for env in (step.env, job.env, wf.env) for v in env.vars}
    name, n = base, 1
    while True:
        have = step.env.get(name)
        if (
            have is not None
            and have.value.value == raw
            and name.upper() not in {v.name.value.upper() for v in (*job.env.vars, *wf.env.vars)}
        ):
            return name, True
        script = step.run.value.replace(raw, "") if step.run is not None else ""
        if name.upper() not in taken and name not in script:
            return name, False
        n += 1
        name = f"{base}_{n}"
