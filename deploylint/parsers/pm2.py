"""PM2 ecosystem files -> :class:`deploylint.models.pm2.Pm2File`.

JavaScript forms are parsed statically by deploylint.parsers._js (imported, with tree-sitter, only
when such a file is scanned); JSON and YAML forms by the shared positioned loaders.
"""

from __future__ import annotations

from deploylint.models.base import Diagnostic, Parsed
from deploylint.models.pm2 import App, Pm2File, apps_node
from deploylint.models.tree import YMap
from deploylint.parsers import ParseEnv
from deploylint.parsers._yaml import YamlDoc
from deploylint.profiles import DEVELOPMENT, PRODUCTION, profile_of
from deploylint.source import SourceFile


def _load(src: SourceFile) -> YamlDoc:
    name = src.path.name.lower()
    if name.endswith(".json"):
        from deploylint.parsers._json import load_json

        return load_json(src)
    if name.endswith((".yaml", ".yml")):
        from deploylint.parsers._yaml import load_yaml

        return load_yaml(src)
    from deploylint.parsers._js import load_js

    return load_js(src)


def parse(src: SourceFile, env: ParseEnv) -> Parsed[Pm2File]:
    doc = _load(src)
    errors: list[Diagnostic] = list(doc.errors)
    profile = profile_of(src.path, env.root, env.settings)
    model = Pm2File(src, doc.root, (), profile != DEVELOPMENT, profile == PRODUCTION)
    node = apps_node(doc.root)
    if isinstance(node, YMap):
        model.apps = (App(node, 0, model),)
    elif node is not None:
        model.apps = tuple(App(a, i, model) for i, a in enumerate(node.items) if isinstance(a, YMap))
    return Parsed(model, errors, doc.comments)


__all__ = ["parse"]
