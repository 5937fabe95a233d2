"""Scaffold a new rule: its module, a fail and a pass case, and its docs page.

    python scripts/new_rule.py DKR099 my-rule-name --kind dockerfile [--key KEY]... [--dry-run]

Kinds: dockerfile, compose, nginx, workflow, ecs, pm2 (a rule over one file of that kind) and
project (a rule over the linked project, whose cases are folders).

Prints every path it creates; CONTRIBUTING.md's "Adding a rule" lists the same steps, and
tests/test_contributing.py keeps the two in step. The module is a typed skeleton: the check takes
the kind's model class, so mypy checks its body from the start (a project rule reads the project
as ``ctx.project``, typed by the Context); tests/test_new_rule.py writes one of each kind and runs
ruff, mypy --strict and the layer scan over it.

``--key`` names what the rule looks at (a Compose key such as ``network_mode``, a Dockerfile
instruction such as ``HEALTHCHECK``, an nginx directive such as ``proxy_pass``, a workflow key):
every existing rule of the kind that names it, as a string or as a model attribute, is listed on
standard error, so an overlap with an existing rule is seen before the new one is written.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

KIND_DIR = {
    "dockerfile": "dockerfile",
    "compose": "compose",
    "nginx": "nginx",
    "workflow": "workflow",
    "dependabot": "dependabot",
    "ecs": "ecs",
    "pm2": "pm2",
    "project": "project",
}
KIND_ENUM = {
    "dockerfile": "DOCKERFILE",
    "compose": "COMPOSE",
    "nginx": "NGINX",
    "workflow": "WORKFLOW",
    "dependabot": "DEPENDABOT",
    "ecs": "ECS",
    "pm2": "PM2",
    "project": "PROJECT",
}
#: the model each file kind's check takes (``registry.rule`` makes mypy hold the check to it):
#: (module, class, the parameter's usual name)
MODEL = {
    "dockerfile": ("deploylint.models.dockerfile", "Dockerfile", "df"),
    "compose": ("deploylint.models.compose", "ComposeFile", "model"),
    "nginx": ("deploylint.models.nginx", "NginxConfig", "conf"),
    "workflow": ("deploylint.models.workflow", "Workflow", "wf"),
    "dependabot": ("deploylint.models.dependabot", "DependabotConfig", "config"),
    "ecs": ("deploylint.models.ecs", "EcsFile", "ecs"),
    "pm2": ("deploylint.models.pm2", "Pm2File", "pm2"),
}
#: how a case of the kind is named: a file with this extension, or (project rules, which look at
#: several files) a folder holding this file
EXT = {
    "dockerfile": ".Dockerfile",
    "compose": ".yaml",
    "nginx": ".conf",
    "workflow": ".yaml",
    "dependabot": ".yml",
    "ecs": ".json",
    "pm2": ".js",
    "project": "/compose.yaml",
}
#: how a case of the kind marks an expected finding: in a comment, or (JSON has none) in a
#: ``<case>.expect`` file beside it
MARKER = {"pm2": "// expect: {rid}\n", "ecs": None}

TEMPLATE = '''from __future__ import annotations

from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
{model_import}from deploylint.registry import Kind, rule


@rule(
    id="{rid}",
    name="{name}",
    title="TODO: one-line summary",
    kind=Kind.{kind_enum},
    severity=Severity.WARNING,
    tags=(),
    aliases=(),
)
def {func}({param}: {model}, ctx: Context) -> Iterator[Finding]:
    """## Why
    TODO: why this matters.

    ## Example
        TODO: code that fires the rule

    ## Use instead
        TODO: code that does not
    """
{body}'''

#: a project rule is called with the linked project, which it reads as ``ctx.project``: the
#: Context types it, so the skeleton names no module of the linker (rules may not import it)
PROJECT_BODY = """    project = ctx.project  # the linked project the check is called with
    if project is None:
        return
    yield from ()
"""


def skeleton(rid: str, name: str, kind: str) -> str:
    """The rule module: a check over the kind's model, or over the project for ``project``."""
    if kind == "project":
        model_import, param, model, body = "", "_project", "object", PROJECT_BODY
    else:
        module, model, param = MODEL[kind]
        model_import, body = f"from {module} import {model}\n", "    yield from ()\n"
    return TEMPLATE.format(
        rid=rid,
        name=name,
        kind_enum=KIND_ENUM[kind],
        func=name.replace("-", "_"),
        model_import=model_import,
        param=param,
        model=model,
        body=body,
    )


def plan(rid: str, name: str, kind: str) -> dict[Path, str]:
    func = name.replace("-", "_")
    module = ROOT / "deploylint" / "rules" / KIND_DIR[kind] / f"{rid.lower()}_{func}.py"
    cases = ROOT / "rules" / rid
    ext = EXT[kind]
    fail, passing = cases / f"fail_example{ext}", cases / f"pass_example{ext}"
    marker = MARKER.get(kind, "# expect: {rid}\n")
    out = {module: skeleton(rid, name, kind)}
    if marker is None:
        out[fail] = "TODO\n"
        out[fail.with_name(fail.name + ".expect")] = f"# expect: {rid}\n"
    else:
        out[fail] = marker.format(rid=rid) + "TODO\n"
    out[passing] = "TODO\n"
    return out


def _names(tree: ast.AST) -> set[str]:
    """Strings and attribute names a module uses, lowercased, ``-`` folded to ``_``."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 60:
            out.add(node.value.strip().lower().replace("-", "_"))
        elif isinstance(node, ast.Attribute):
            out.add(node.attr.lower())
    return out


def overlaps(kind: str, keys: list[str], root: Path = ROOT) -> list[tuple[str, str]]:
    """(rule module, key) for every existing rule of ``kind`` that names one of ``keys``."""
    wanted = {k.strip().lower().replace("-", "_"): k for k in keys}
    out = []
    for path in sorted((root / "deploylint" / "rules" / KIND_DIR[kind]).glob("[a-z]*[0-9]_*.py")):
        names = _names(ast.parse(path.read_text(encoding="utf-8")))
        out += [(path.relative_to(root).as_posix(), key) for low, key in wanted.items() if low in names]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rule_id")
    ap.add_argument("name")
    ap.add_argument("--kind", choices=sorted(KIND_DIR), required=True)
    ap.add_argument("--key", action="append", default=[], help="what the rule looks at (repeatable)")
    ap.add_argument("--dry-run", action="store_true")
    ns = ap.parse_args()
    for module, key in overlaps(ns.kind, ns.key):
        print(f"warning: {module} already looks at {key!r}: extend it rather than overlap?", file=sys.stderr)
    files = plan(ns.rule_id.upper(), ns.name, ns.kind)
    for path, text in files.items():
        print(path.relative_to(ROOT).as_posix())
        if not ns.dry_run:
            if path.exists():
                sys.exit(f"{path} exists")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if not ns.dry_run:
        print("next: fill in the TODOs, then run: python scripts/gen_docs.py && make test")


if __name__ == "__main__":
    main()
