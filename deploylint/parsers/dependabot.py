"""Dependabot configuration (``.github/dependabot.yml``) -> :class:`deploylint.models.dependabot.DependabotConfig`.

YAML comes from the shared positioned loader; syntax errors, duplicate keys and every place the
file breaks the documented schema (:func:`deploylint.models.dependabot.schema_problems`) become
positioned diagnostics, reported as GHA062. Whatever is well-formed is still modelled.
"""

from __future__ import annotations

from deploylint.models.base import Diagnostic, Parsed
from deploylint.models.dependabot import DependabotConfig, schema_problems, updates_of
from deploylint.parsers import ParseEnv
from deploylint.parsers._yaml import load_yaml
from deploylint.source import SourceFile


def parse(src: SourceFile, env: ParseEnv) -> Parsed[DependabotConfig]:
    doc = load_yaml(src)
    errors: list[Diagnostic] = list(doc.errors)
    root = doc.root
    if root is None and not errors:
        errors.append(
            Diagnostic("the file is empty; a Dependabot configuration needs 'version' and 'updates'", src.span(0, 1))
        )
    errors += [Diagnostic(p.message, p.span) for p in schema_problems(root)]
    return Parsed(DependabotConfig(src, root, updates_of(root)), errors, doc.comments)


__all__ = ["parse"]
