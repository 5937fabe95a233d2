"""Render a rule's own metadata and docstring: for `explain`, docs/rules/ and SARIF help.

A rule docstring is Markdown with ``## Section`` headings: Why, Example, Use instead, and optionally
Fix safety, Options, Differences from peers, References. Example and Use instead hold an indented
code block, which the catalogue test lints (the example must fire the rule, the fix must not).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import TYPE_CHECKING

from deploylint.kinds import Kind
from deploylint.registry import AnyRule

if TYPE_CHECKING:
    from deploylint.json_types import JSONLike

DOCS_BASE = "https://github.com/deploylint/deploylint/blob/main/docs/rules/"

_FENCE = {
    Kind.DOCKERFILE: "dockerfile",
    Kind.COMPOSE: "yaml",
    Kind.WORKFLOW: "yaml",
    Kind.ACTION: "yaml",
    Kind.DEPENDABOT: "yaml",
    Kind.NGINX: "nginx",
    Kind.PROJECT: "text",
    Kind.CORE: "text",
}


def sections(rule: AnyRule) -> dict[str, str]:
    """Docstring sections by lower-case heading (``why``, ``example``, ``use instead``...)."""
    doc = inspect.cleandoc(rule.meta.doc or "")
    out: dict[str, str] = {}
    current = "summary"
    buf: list[str] = []
    for line in doc.splitlines():
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            out[current] = "\n".join(buf).strip("\n")
            current = m.group(1).strip().lower()
            buf = []
        else:
            buf.append(line)
    out[current] = "\n".join(buf).strip("\n")
    return {k: v for k, v in out.items() if v.strip()}


def code_block(text: str) -> str:
    """The indented code block of a section, dedented."""
    lines = text.splitlines()
    code = [ln for ln in lines if ln.startswith("    ") or not ln.strip()]
    if not any(ln.strip() for ln in code):
        return ""
    start = next(i for i, ln in enumerate(lines) if ln.startswith("    "))
    block: list[str] = []
    for ln in lines[start:]:
        if ln.startswith("    ") or not ln.strip():
            block.append(ln[4:])
        else:
            break
    return "\n".join(block).strip("\n") + "\n"


def prose(text: str) -> str:
    """A section without its code block."""
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("    ")).strip()


def help_uri(rule: AnyRule) -> str:
    return f"{DOCS_BASE}{rule.id}.md"


def summary(rule: AnyRule) -> str:
    return rule.meta.title


def why(rule: AnyRule) -> str:
    return prose(sections(rule).get("why", rule.meta.title))


def options_table(rule: AnyRule) -> list[tuple[str, str, str]]:
    model = rule.meta.options_model
    if model is None or not dataclasses.is_dataclass(model):
        return []
    rows = []
    for f in dataclasses.fields(model):
        default: object = (
            f.default
            if f.default is not dataclasses.MISSING
            else (f.default_factory() if f.default_factory is not dataclasses.MISSING else None)
        )
        rows.append((f.name.replace("_", "-"), str(f.type), repr(default)))
    return rows


def to_markdown(rule: AnyRule) -> str:
    m = rule.meta
    sec = sections(rule)
    fence = _FENCE.get(m.kind, "text")
    out = [f"# {m.id}: {m.name}", "", f"**{m.title}**", ""]
    out.append("| | |\n| --- | --- |")
    out.append(f"| Kind | {', '.join(k.value for k in m.kinds)} |")
    out.append(f"| Default severity | {m.severity.value} |")
    out.append(f"| Status | {m.status.value} |")
    if m.tags:
        out.append(f"| Tags | {', '.join(m.tags)} |")
    out.append(f"| Aliases | {', '.join(f'`{a}`' for a in m.aliases) if m.aliases else '—'} |")
    if m.security_severity is not None:
        out.append(f"| Security severity | {m.security_severity} |")
    out.append(f"| Fixable | {'yes' if m.fixable else 'no'} |")
    out.append("")
    for key, title in (("why", "Why"),):
        if key in sec:
            out += [f"## {title}", "", prose(sec[key]), ""]
    for key, title in (("example", "Example"), ("use instead", "Use instead")):
        if key in sec:
            text = prose(sec[key])
            out += [f"## {title}", ""]
            if text:
                out += [text, ""]
            code = code_block(sec[key])
            if code:
                out += [f"```{fence}", code.rstrip("\n"), "```", ""]
    for key in sec:
        if key in ("summary", "why", "example", "use instead"):
            continue
        out += [f"## {key[:1].upper() + key[1:]}", "", sec[key], ""]
    rows = options_table(rule)
    if rows and "options" not in sec:
        out += ["## Options", "", "| option | type | default |", "| --- | --- | --- |"]
        out += [f"| `{n}` | `{t}` | `{d}` |" for n, t, d in rows]
        out.append("")
    out += [
        "## Suppress",
        "",
        (
            f"`# deploylint: ignore[{m.id}] reason` on the line above (or at the end of the line,"
            " where the format allows trailing comments)."
        ),
        "",
    ]
    return "\n".join(out).rstrip() + "\n"


def to_text(rule: AnyRule) -> str:
    md = re.sub(r"^```\w*\n", "", to_markdown(rule), flags=re.MULTILINE)
    return md.replace("```\n", "")


def to_json(rule: AnyRule) -> dict[str, JSONLike]:
    m = rule.meta
    sec = sections(rule)
    return {
        "id": m.id,
        "name": m.name,
        "kind": m.kind.value,
        "kinds": [k.value for k in m.kinds],
        "severity": m.severity.value,
        "tags": list(m.tags),
        "aliases": list(m.aliases),
        "status": m.status.value,
        "fixable": m.fixable,
        "summary": m.title,
        "security_severity": m.security_severity,
        "help_uri": help_uri(rule),
        "why": prose(sec.get("why", "")),
        "example": code_block(sec.get("example", "")),
        "use_instead": code_block(sec.get("use instead", "")),
        "options": [{"name": n, "type": t, "default": d} for n, t, d in options_table(rule)],
    }
