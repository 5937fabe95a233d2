"""ECS task and service definition JSON -> :class:`deploylint.models.ecs.EcsFile`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deploylint.models.base import Diagnostic, Located, Parsed
from deploylint.models.ecs import Container, EcsFile, maps_of, text_of
from deploylint.models.tree import YMap, YSeq
from deploylint.parsers import ParseEnv
from deploylint.parsers._json import load_json
from deploylint.profiles import DEVELOPMENT, PRODUCTION, profile_of
from deploylint.source import SourceFile

if TYPE_CHECKING:
    from deploylint.models.images import ImageRef

#: characters that mark an image written as a template placeholder, filled in at deploy time
_PLACEHOLDER = ("$", "<", "{", "%")


def _image(node: YMap) -> ImageRef | None:
    from deploylint.models.images import image_ref

    img = text_of(node.get("image"))
    if img is None or not img.value.strip() or any(c in img.value for c in _PLACEHOLDER):
        return None
    return image_ref(Located(img.value, img.span), img.value.strip())


def parse(src: SourceFile, env: ParseEnv) -> Parsed[EcsFile]:
    doc = load_json(src)
    errors = list(doc.errors)
    root = doc.root
    if root is None:
        return Parsed(None, errors, [])
    if not isinstance(root, YMap):
        errors.append(Diagnostic("an ECS task or service definition is a JSON object, not this", root.span))
        return Parsed(None, errors, [])
    task: YMap | None = root if root.get("containerDefinitions") is not None else None
    inner = root.get("taskDefinition")
    if task is None and isinstance(inner, YMap) and inner.get("containerDefinitions") is not None:
        task = inner
    containers: list[Container] = []
    if task is not None:
        defs = task.get("containerDefinitions")
        if not isinstance(defs, YSeq):
            assert defs is not None
            errors.append(Diagnostic("'containerDefinitions' must be a list of container objects", defs.span))
        else:
            for i, c in enumerate(maps_of(defs)):
                containers.append(Container(c, i, _image(c)))
    profile = profile_of(src.path, env.root, env.settings) or PRODUCTION
    model = EcsFile(src, root, task, tuple(containers), DEVELOPMENT if profile == DEVELOPMENT else PRODUCTION)
    return Parsed(model, errors, [])


__all__ = ["parse"]
