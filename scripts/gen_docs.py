"""Render docs/rules/ from the rule registry (the only source of rule text)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploylint.docs import prose, sections, to_markdown  # noqa: E402
from deploylint.registry import Registry  # noqa: E402

KIND_TITLES = {
    "DKR": "Dockerfile",
    "CMP": "Docker Compose",
    "NGX": "nginx",
    "GHA": "GitHub Actions",
    "ECS": "Amazon ECS task and service definitions",
    "PM2": "PM2 ecosystem files",
    "PRJ": "Cross-file (project)",
    "CORE": "deploylint itself",
}


def render_all() -> dict[Path, str]:
    reg = Registry.discover()
    out: dict[Path, str] = {}
    index = ["# Rules", "", "Generated from the rules themselves by `scripts/gen_docs.py`; do not edit.", ""]
    for prefix, title in KIND_TITLES.items():
        rows = [r for r in reg if r.id.startswith(prefix) and r.id[len(prefix) :].isdigit()]
        if not rows:
            continue
        index += [f"## {title}", "", "| id | name | severity | aliases | summary |", "| --- | --- | --- | --- | --- |"]
        for r in rows:
            aliases = ", ".join(f"`{a}`" for a in r.meta.aliases)
            index.append(f"| [{r.id}]({r.id}.md) | {r.name} | {r.meta.severity.value} | {aliases} | {r.meta.title} |")
            out[ROOT / "docs" / "rules" / f"{r.id}.md"] = to_markdown(r)
        index.append("")
    missing = [r.id for r in reg if ROOT / "docs" / "rules" / f"{r.id}.md" not in out]
    if missing:  # a new prefix needs a title above, or its rules get no page
        raise SystemExit(f"no KIND_TITLES entry for the prefix of {', '.join(missing)}")
    out[ROOT / "docs" / "rules" / "index.md"] = "\n".join(index).rstrip() + "\n"
    fixes = [
        "# Fixable rules",
        "",
        "Generated from the rules themselves by `scripts/gen_docs.py`; do not edit. `deploylint check --fix`",
        "applies the safe fixes, `--unsafe-fixes` adds the unsafe ones (see [Autofix](../fixes.md)).",
        "",
        "| id | name | fix safety |",
        "| --- | --- | --- |",
    ]
    for r in reg:
        if r.meta.fixable:
            safety = " ".join(prose(sections(r).get("fix safety", "")).split()).replace("|", "\\|")
            fixes.append(f"| [{r.id}]({r.id}.md) | {r.name} | {safety} |")
    out[ROOT / "docs" / "rules" / "fixes.md"] = "\n".join(fixes) + "\n"
    return out


def main() -> None:
    pages = render_all()
    folder = ROOT / "docs" / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.md"):
        if stale not in pages:
            stale.unlink()
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
