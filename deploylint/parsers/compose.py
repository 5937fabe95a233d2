"""Docker Compose files -> :class:`deploylint.models.compose.ComposeFile`.

Steps: load YAML through the shared layer (spans, merge keys, duplicate keys, alias bombs), check
keys and value shapes against a table of the Compose Specification (unknown keys and wrong shapes
become CMP000 with a suggestion), then build the *effective* project the file belongs to:

- ``compose.yaml`` + ``compose.override.yaml`` (and the ``docker-compose.*`` equivalents) merge
  per the spec's merge rules, from either side: checking the override merges its base under it;
- a fragment meant for ``-f base -f fragment`` (``docker-compose.<x>.yml`` beside a
  ``docker-compose.yml``, any file under an ``overrides/`` folder beside a base) merges its base
  under it when it is one: some service it writes has no ``image``/``build`` and the base defines it;
- ``include:`` adds the services of other files (a service both define merges, the including file's
  definition on top, ``!override``/``!reset`` applying), ``extends:`` merges a base service under one;
- every read of another file goes through ``env.read`` (confined to the scanned root); a path
  outside the root is reported, never read.

Merging happens on YAML nodes, so each merged value keeps the span (and file) where it is written.
Only problems located in the file being parsed become diagnostics: other files report their own
when they are scanned.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.models.base import Diagnostic, Located, Parsed
from deploylint.models.compose import (
    BuildSpec,
    ComposeFile,
    Dependency,
    Deploy,
    EnvFile,
    EnvVar,
    Healthcheck,
    Logging,
    Mount,
    Port,
    Resource,
    Service,
    has_interpolation,
    interpolate,
    split_command,
)
from deploylint.models.images import ImageRef, parse_reference
from deploylint.models.tree import YMap, YNode, YPair, YScalar, YSeq
from deploylint.parsers import ParseEnv, Refused
from deploylint.parsers._compose_schema import check_map
from deploylint.parsers._yaml import load_yaml, walk
from deploylint.parsers.dotenv import entries as dotenv_entries
from deploylint.parsers.dotenv import parse_dotenv
from deploylint.paths import resolve
from deploylint.profiles import DEVELOPMENT, PRODUCTION, explain, words
from deploylint.source import SourceFile, Span
from deploylint.truth import compose_bool, compose_node_bool

if TYPE_CHECKING:
    from deploylint.models.dockerfile import Dockerfile

#: keys whose value an override replaces instead of merging (shell commands)
_REPLACE = frozenset({"command", "entrypoint", "test"})
#: keys written as a list or a mapping, merged by name
_LAYERED = frozenset(
    {"environment", "labels", "annotations", "depends_on", "networks", "extra_hosts", "sysctls", "args"}
)
_LAYERS_TAG = "!layers"
_MAX_DEPTH = 8
#: includes followed in a chain (Compose has no limit; 24 is far past any real project's)
_MAX_INCLUDE_DEPTH = 24

_BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
#: ``deploy:`` keys only Swarm (``docker stack deploy``) acts on: a file that sets them is deployed.
#: ``replicas`` is not one: ``docker compose`` scales by it too (``replicas: 1`` in a quickstart)
_SWARM_KEYS = frozenset({"placement", "update_config", "rollback_config", "endpoint_mode"})


def profile_for(src: SourceFile, env: ParseEnv) -> str | None:
    """The file's profile from its path and the config (deploylint.profiles); None when they do not tell."""
    return explain(src.path, env.root, env.settings)[0]


def partner_files(path: Path) -> tuple[list[Path], list[Path]]:
    """(bases, overrides) that Compose merges with ``path`` by default."""
    name = path.name.lower()
    folder = path.parent
    for prefix in ("compose", "docker-compose"):
        for ext in (".yaml", ".yml"):
            if name == f"{prefix}{ext}":
                return [], [folder / f"{prefix}.override{e}" for e in (".yaml", ".yml")]
            if name == f"{prefix}.override{ext}":
                return [folder / f"{prefix}{e}" for e in (".yaml", ".yml")], []
    return [], []


def fragment_bases(path: Path) -> list[Path]:
    """Bases a file meant for ``-f base -f path`` may extend: ``docker-compose.yml`` beside
    ``docker-compose.<x>.yml`` (``compose.yaml`` beside ``compose.<x>.yaml``), and the base files
    beside an ``overrides/`` folder for any file in it."""
    name = path.name.lower()
    folder = path.parent
    out: list[Path] = []
    if folder.name.lower() == "overrides":
        out += [folder.parent / b for b in _BASE_NAMES]
    for prefix in ("docker-compose.", "compose."):
        if name.startswith(prefix) and name.endswith((".yml", ".yaml")) and name.count(".") >= 2:
            out += [folder / f"{prefix}{e}" for e in ("yaml", "yml")]
    return out


def _read_dockerfile(env: ParseEnv, path: Path) -> Dockerfile | None:
    """The Dockerfile at ``path``, parsed; None when it is not a readable file or not parsed."""
    try:
        if not os.path.isfile(path):  # noqa: PTH113 - cheaper than Path.is_file on the hot path
            return None
        src = env.read(path)
    except (Refused, OSError):
        return None
    from deploylint.parsers.dockerfile import parse as parse_dockerfile

    return parse_dockerfile(src, env).model


class _Builder:
    def __init__(self, main: SourceFile, env: ParseEnv) -> None:
        self.main = main
        self.env = env
        self.errors: list[Diagnostic] = []
        self.files: list[SourceFile] = [main]
        self.dotenv: dict[str, str] = {}
        #: the node of the main file whose include or extends is being followed: a loop or a
        #: limit met in another file is reported there, since only the main file's findings show
        self.via: YNode | None = None
        #: each build's Dockerfile, read and parsed once for all the services that name it (a
        #: parse per service made 1,000 services building targets of one Dockerfile hit the budget)
        self.dockerfiles: dict[Path, Dockerfile | None] = {}

    # -- files ---------------------------------------------------------------------------------
    def file(self, node: YNode | YPair) -> SourceFile:
        """The file that holds ``node``: its span names it (a merged node has its base's span)."""
        span = node.key.span if isinstance(node, YPair) else node.span
        return span.file or self.main

    def diag(self, node: YNode | Span, message: str, src: SourceFile | None = None) -> None:
        span = node if isinstance(node, Span) else node.span
        if (src or (self.file(node) if not isinstance(node, Span) else self.main)) is self.main:
            self.errors.append(Diagnostic(message, span))

    def diag_via(self, node: YNode, message: str) -> None:
        """:meth:`diag` at ``node`` when the main file holds it, else at :attr:`via`, saying where."""
        src = self.file(node)
        if src is self.main or self.via is None:
            self.diag(node, message)
        else:
            self.diag(self.via, f"{message} (in {src.display}, line {node.span.start_line})")

    def load_other(self, path: Path, at: YNode | None, what: str) -> YMap | None:
        """Read and compose another compose file; problems are reported at ``at`` (if in main)."""
        try:
            src = self.env.read(path)
        except Refused as exc:
            if at is not None:
                self.diag(at, f"{what} {path.name} was not read: {exc}")
            return None
        except OSError as exc:
            if at is not None:
                self.diag(at, f"{what} {path.name} cannot be read: {exc.strerror or exc}")
            return None
        if src not in self.files:
            self.files.append(src)
        doc = load_yaml(src)
        if not isinstance(doc.root, YMap):
            if at is not None and (doc.errors or doc.root is not None):
                self.diag(at, f"{what} {path.name} is not a valid Compose file")
            return None
        return doc.root

    # -- merging -------------------------------------------------------------------------------
    def merge_map(self, base: YMap, over: YMap) -> YMap:
        pairs: dict[str, YPair] = {p.key.value: p for p in base.pairs}
        for p in over.pairs:
            key = p.key.value
            if p.value.tag == "!reset":
                pairs.pop(key, None)
                continue
            b = pairs.get(key)
            if b is None or p.value.tag == "!override" or key in _REPLACE:
                pairs[key] = p
                continue
            merged = self.merge_value(key, b.value, p.value)
            pairs[key] = p if merged is None else YPair(b.key, merged, b.merged)
        return YMap(base.span, base.tag, base.anchor, tuple(pairs.values()), base.odd_keys)

    def merge_value(self, key: str, b: YNode, o: YNode) -> YNode | None:
        if isinstance(b, YMap) and isinstance(o, YMap):
            return self.merge_map(b, o)
        if key in _LAYERED and isinstance(b, (YMap, YSeq)) and isinstance(o, (YMap, YSeq)):
            return YSeq(b.span, _LAYERS_TAG, None, (*layers(b), *layers(o)))
        if isinstance(b, YSeq) and isinstance(o, YSeq):
            return YSeq(b.span, b.tag, None, (*b.items, *o.items))
        return None

    # -- the project ---------------------------------------------------------------------------
    def run(self) -> Parsed[ComposeFile]:
        doc = load_yaml(self.main)
        self.errors += doc.errors
        root = doc.root
        profile, reason = explain(self.main.path, self.env.root, self.env.settings)
        if root is None:
            if not doc.errors:
                self.errors.append(
                    Diagnostic(
                        "the file is empty: a Compose file needs 'services:'", Span(1, 1, 1, 2, 0, 1, file=self.main)
                    )
                )
            return Parsed(ComposeFile(self.main, None, profile, reason), self.errors, doc.comments)
        if not isinstance(root, YMap):
            self.errors.append(Diagnostic("a Compose file must be a mapping (services:, volumes:, ...)", root.span))
            return Parsed(ComposeFile(self.main, None, profile, reason), self.errors, doc.comments)
        self.read_dotenv()
        main_services = self.validate(root)
        bases, overrides = partner_files(self.main.path)
        roots: list[YMap] = []
        for cand in bases:
            other = self.load_partner(cand)
            if other is not None:
                roots.append(other)
                break
        fragment_of = None if bases else self.fragment_base(main_services)
        if fragment_of is not None:
            roots.append(fragment_of)
        swarm = self.swarm(root, main_services)
        if profile is None and swarm:
            profile, reason = PRODUCTION, "swarm stack"
        if profile is None and fragment_of is not None:
            profile, reason = DEVELOPMENT, "fragment merged over its base with -f"
        roots.append(root)
        for cand in overrides:
            other = self.load_partner(cand)
            if other is not None:
                roots.append(other)
                break
        services: dict[str, tuple[YScalar, YMap]] = {}
        for r in roots:
            svc_map = main_services if r is root else self.services_of(r)
            for key, node in svc_map:
                self.add_service(services, key, node)
        resources: dict[str, dict[str, Resource]] = {k: {} for k in ("volumes", "networks", "secrets", "configs")}
        for r in roots:
            self.collect_resources(r, resources)
        includes: list[Located[str]] = []
        seen = {resolve(self.main.path)}
        for r in roots:
            self.include(r, services, resources, includes, seen, 0)
        built = []
        for name, (key, node) in services.items():
            self.via = node.get("extends") if self.file(key) is self.main else None
            node = self.extend(name, node, services, 0, set())
            self.via = None
            built.append(self.service(key, node))
        if profile is None:
            live = next((svc for svc in built if _source_mounted(svc, self.main)), None)
            if live is not None:
                profile, reason = DEVELOPMENT, f"source mounted over the built image (service {live.name.value!r})"
        labels = {"profile": f"{profile} ({reason})" if profile is not None else "unknown"}
        origins = self.origins(root, main_services)
        version = root.pair("version")
        name_node = root.get("name")
        model = ComposeFile(
            source=self.main,
            root=root,
            profile=profile,
            profile_reason=reason,
            swarm=swarm,
            version=Located(str(version.value.value if isinstance(version.value, YScalar) else ""), version.key.span)
            if version is not None
            else None,
            name=self.sited(name_node) if isinstance(name_node, YScalar) else None,
            services=tuple(built),
            volumes=resources["volumes"],
            networks=resources["networks"],
            secrets=resources["secrets"],
            configs=resources["configs"],
            includes=tuple(includes),
            files=tuple(self.files),
            dev_files=frozenset(str(f.path) for f in self.files[1:] if profile_for(f, self.env) == DEVELOPMENT),
            dotenv=self.dotenv,
            report_labels=labels,
            origins=origins,
        )
        return Parsed(model, self.errors, doc.comments)

    def fragment_base(self, own: list[tuple[YScalar, YMap]]) -> YMap | None:
        """The base this file is a ``-f`` fragment of: a base (see :func:`fragment_bases`) that defines
        a service this file writes without ``image``/``build``."""
        partial = {k.value for k, v in own if v.get("image") is None and v.get("build") is None}
        partial -= {k.value for k, v in own if v.get("extends") is not None}
        if not partial:
            return None
        for cand in fragment_bases(self.main.path):
            have = len(self.files)
            other = self.load_partner(cand)
            if other is not None and partial & {k.value for k, _ in self.services_of(other)}:
                return other
            del self.files[have:]  # read, but not part of this view
        return None

    def swarm(self, root: YMap, own: list[tuple[YScalar, YMap]]) -> bool:
        """A Swarm stack (``docker stack deploy``): a service sets a ``deploy:`` key only Swarm acts on
        (``placement``, ``update_config``, ``rollback_config``, ``endpoint_mode``, ``mode: global``),
        a network uses the ``overlay`` driver, or the file is named for it (``swarm``)."""
        if "swarm" in words(self.main.path.name):
            return True
        for _, svc in own:
            d = svc.get("deploy")
            if isinstance(d, YMap):
                mode = d.get("mode")
                if any(p.key.value in _SWARM_KEYS for p in d.pairs) or (
                    isinstance(mode, YScalar) and mode.value == "global"
                ):
                    return True
        nets = root.get("networks")
        if isinstance(nets, YMap):
            for p in nets.pairs:
                drv = p.value.get("driver") if isinstance(p.value, YMap) else None
                if isinstance(drv, YScalar) and drv.value == "overlay":
                    return True
        return False

    def origins(self, root: YMap, own: list[tuple[YScalar, YMap]]) -> dict[str, Located[str]]:
        """Service -> the shared definition it inherits: the key of the mapping whose ``image``/``build``
        its ``<<`` merges, else the service a same-file ``extends`` names."""
        holders: dict[int, YScalar] = {}
        if any(svc.merge_keys for _, svc in own):
            for n in walk(root):
                if isinstance(n, YMap):
                    for p in n.pairs:
                        if isinstance(p.value, YMap) and not p.merged:
                            for q in p.value.pairs:
                                holders.setdefault(id(q.value), p.key)
        names = {k.value: k for k, _ in own}
        out: dict[str, Located[str]] = {}
        for key, svc in own:
            # only a definition that gives the service its image or build is the one it instantiates
            # (an anchor that only shares logging options is not where a restart policy belongs)
            src = next(
                (
                    holders[id(p.value)]
                    for p in svc.pairs
                    if p.merged and p.key.value in ("image", "build") and id(p.value) in holders
                ),
                None,
            )
            if src is not None and src is not key:
                out[key.value] = self.sited(src)
                continue
            ext = svc.get("extends")
            base = ext.get("service") if isinstance(ext, YMap) and ext.get("file") is None else ext
            if isinstance(base, YScalar) and base.value in names and base.value != key.value:
                out[key.value] = self.sited(names[base.value])
        return out

    def read_dotenv(self) -> None:
        path = self.main.path.parent / ".env"
        try:
            if os.path.isfile(path) and self.env.exists(path):  # noqa: PTH113 - hot path
                self.dotenv = parse_dotenv(self.env.read(path))
        except (Refused, OSError):
            self.dotenv = {}

    def load_partner(self, path: Path) -> YMap | None:
        if not os.path.isfile(path) or not self.env.exists(path) or resolve(path) == resolve(self.main.path):  # noqa: PTH113
            return None
        return self.load_other(path, None, "merged file")

    def validate(self, root: YMap) -> list[tuple[YScalar, YMap]]:
        """Check the file's own structure; return its services."""
        if root.get("services") is None and any(
            isinstance(p.value, YMap) and (p.value.get("image") is not None or p.value.get("build") is not None)
            for p in root.pairs
            if not p.key.value.startswith("x-")
        ):
            first = next(p for p in root.pairs if isinstance(p.value, YMap))
            self.errors.append(
                Diagnostic(
                    "services are written at the top level (the obsolete version 1 layout); "
                    "Compose needs them under 'services:'",
                    first.key.span,
                )
            )
            return [
                (p.key, p.value) for p in root.pairs if isinstance(p.value, YMap) and not p.key.value.startswith("x-")
            ]
        check_map(root, "top", "the top level", self.errors)
        for kind, table in (
            ("networks", "network"),
            ("volumes", "top_volume"),
            ("secrets", "secret"),
            ("configs", "config"),
        ):
            section = root.get(kind)
            if isinstance(section, YMap):
                for p in section.pairs:
                    if isinstance(p.value, YMap) and not p.key.value.startswith("x-"):
                        check_map(p.value, table, f"{kind} {p.key.value!r}", self.errors)
        out = self.services_of(root)
        for key, svc in out:
            if not key.value.startswith("x-"):
                check_map(svc, "service", f"service {key.value!r}", self.errors)
                self.check_items(svc, key.value)
        return out

    def check_items(self, svc: YMap, name: str) -> None:
        deps = svc.get("depends_on")
        if isinstance(deps, YMap):
            for p in deps.pairs:
                if isinstance(p.value, YMap):
                    check_map(p.value, "depends_on", f"service {name!r} depends_on {p.key.value!r}", self.errors)
        for list_key, table in (
            ("ports", "port"),
            ("volumes", "volume"),
            ("secrets", "file_ref"),
            ("configs", "file_ref"),
        ):
            items = svc.get(list_key)
            if isinstance(items, YSeq):
                for item in items.items:
                    if isinstance(item, YMap):
                        check_map(item, table, f"service {name!r} {list_key} entry", self.errors)

    def services_of(self, root: YMap) -> list[tuple[YScalar, YMap]]:
        node = root.get("services")
        out: list[tuple[YScalar, YMap]] = []
        if isinstance(node, YMap):
            for p in node.pairs:
                if isinstance(p.value, YMap):
                    out.append((p.key, p.value))
                elif not p.key.value.startswith("x-"):
                    null = isinstance(p.value, YScalar) and p.value.is_null
                    self.diag(p.key if null else p.value, f"service {p.key.value!r} must be a mapping")
        return out

    def add_service(self, services: dict[str, tuple[YScalar, YMap]], key: YScalar, node: YMap) -> None:
        have = services.get(key.value)
        services[key.value] = (key, node) if have is None else (have[0], self.merge_map(have[1], node))

    def collect_resources(self, root: YMap, out: dict[str, dict[str, Resource]]) -> None:
        for kind, table in out.items():
            node = root.get(kind)
            if not isinstance(node, YMap):
                continue
            for p in node.pairs:
                ext = isinstance(p.value, YMap) and compose_node_bool(p.value.get("external")) is True
                table.setdefault(p.key.value, Resource(self.sited(p.key), p.value, ext))

    def include(
        self,
        root: YMap,
        services: dict[str, tuple[YScalar, YMap]],
        resources: dict[str, dict[str, Resource]],
        includes: list[Located[str]],
        seen: set[Path],
        depth: int,
    ) -> None:
        node = root.get("include")
        if not isinstance(node, YSeq):
            return
        if depth > _MAX_INCLUDE_DEPTH:
            msg = f"include is not followed: the chain of includes is longer than {_MAX_INCLUDE_DEPTH} files"
            self.diag_via(node, msg)
            return
        here = self.file(root).path.parent
        for item in node.items:
            paths: list[YScalar] = []
            if isinstance(item, YScalar):
                paths = [item]
            elif isinstance(item, YMap):
                p = item.get("path")
                if isinstance(p, YScalar):
                    paths = [p]
                elif isinstance(p, YSeq):
                    paths = [x for x in p.items if isinstance(x, YScalar)]
            layered: list[tuple[YScalar, YMap]] = []
            sub_roots: list[tuple[YMap, YNode | None]] = []  # with the main file's entry that led there
            for pnode in paths:
                if depth == 0:
                    self.via = pnode if self.file(pnode) is self.main else None
                includes.append(self.sited(pnode))
                text = interpolate(pnode.value, self.dotenv)
                if text is None or "://" in text or text.startswith("oci:"):
                    continue
                path = here / text
                try:
                    resolved = self.env.confine(path)
                except Refused as exc:
                    self.diag(pnode, f"included file {text!r} was not read: {exc}")
                    continue
                if resolved in seen:
                    self.diag_via(pnode, f"include cycle: {text!r} is already part of this project")
                    continue
                seen.add(resolved)
                sub = self.load_other(path, pnode, "included file")
                if sub is None:
                    continue
                sub_roots.append((sub, self.via))
                layered += self.services_of(sub)
            merged: dict[str, tuple[YScalar, YMap]] = {}
            for key, svc in layered:
                self.add_service(merged, key, svc)
            for name, (key, svc) in merged.items():
                have = services.get(name)
                # compose-go >= 2.10: the including file's definition merges over the included one
                services[name] = (key, svc) if have is None else (have[0], self.merge_map(svc, have[1]))
            for sub, via in sub_roots:
                self.via = via
                self.collect_resources(sub, resources)
                self.include(sub, services, resources, includes, seen, depth + 1)
        if depth == 0:
            self.via = None

    def extend(
        self, name: str, node: YMap, services: dict[str, tuple[YScalar, YMap]], depth: int, chain: set[tuple[str, str]]
    ) -> YMap:
        ext = node.get("extends")
        if ext is None:
            return node
        src = self.file(node)
        if isinstance(ext, YScalar):
            base_name, file_node = ext.value, None
        elif isinstance(ext, YMap) and isinstance(ext.get("service"), YScalar):
            svc_node = ext.get("service")
            assert isinstance(svc_node, YScalar)
            base_name = svc_node.value
            f = ext.get("file")
            file_node = f if isinstance(f, YScalar) else None
        else:
            return node
        ident = (str(src.path), name)
        if ident in chain:
            self.diag_via(ext, f"extends of service {name!r} loops back to itself")
            return node
        if depth > _MAX_DEPTH:
            msg = f"extends of service {name!r} is not followed: the chain of extends is longer than {_MAX_DEPTH} links"
            self.diag_via(ext, msg)
            return node
        chain = chain | {ident}
        if file_node is None:
            candidate = services.get(base_name)
            if candidate is None or self.file(candidate[1]) is not src:
                local = self.local_service(src, node, base_name)
                if local is None:
                    self.diag(ext, f"extends names service {base_name!r}, which is not defined")
                    return node
                base = local
            else:
                base = candidate[1]
            base = self.extend(base_name, base, services, depth + 1, chain)
        else:
            text = interpolate(file_node.value, self.dotenv)
            if text is None:
                return node
            other = self.load_other(src.path.parent / text, file_node, "extended file")
            if other is None:
                return node
            found = {k.value: v for k, v in self.services_of(other)}
            if base_name not in found:
                self.diag(ext, f"extends names service {base_name!r}, which {text!r} does not define")
                return node
            base = self.extend(
                base_name,
                found[base_name],
                {k.value: (k, v) for k, v in self.services_of(other)},
                depth + 1,
                chain,
            )
        trimmed = YMap(node.span, node.tag, node.anchor, tuple(p for p in node.pairs if p.key.value != "extends"))
        return self.merge_map(base, trimmed)

    def local_service(self, src: SourceFile, node: YMap, name: str) -> YMap | None:
        """Find ``name`` in the file that holds ``node`` (for extends within an included file)."""
        for p in self.origin_roots(src):
            for key, svc in self.services_of(p):
                if key.value == name:
                    return svc
        return None

    def origin_roots(self, src: SourceFile) -> Iterable[YMap]:
        doc_root = load_yaml(src).root
        if isinstance(doc_root, YMap):
            yield doc_root

    # -- typed service -------------------------------------------------------------------------
    def sited(self, node: YScalar) -> Located[str]:
        return Located(node.value, node.span)

    def service(self, key: YScalar, node: YMap) -> Service:
        scalars: dict[str, Located[str]] = {}
        keys: dict[str, Located[str]] = {}
        for p in node.pairs:
            keys[p.key.value] = self.sited(p.key)
            if isinstance(p.value, YScalar) and not p.value.is_null:
                scalars[p.key.value] = self.sited(p.value)
        g = node.get
        return Service(
            name=self.sited(key),
            node=node,
            image=self.image(scalars.get("image")),
            build=self.build(g("build")),
            ports=tuple(self.ports(g("ports"))),
            expose=tuple(self.strings(g("expose"))),
            volumes=tuple(self.mounts(g("volumes"))),
            tmpfs=tuple(self.strings(g("tmpfs"))),
            environment=self.environment(g("environment")),
            env_files=tuple(self.strings(g("env_file"), "path")),
            env_file_contents=tuple(self.env_file(ref) for ref in self.strings(g("env_file"), "path")),
            healthcheck=self.healthcheck(g("healthcheck")),
            restart=scalars.get("restart"),
            deploy=self.deploy(g("deploy")),
            logging=self.logging(g("logging")),
            networks=tuple(self.names(g("networks"))),
            network_mode=scalars.get("network_mode"),
            secrets=tuple(self.strings(g("secrets"), "source")),
            configs=tuple(self.strings(g("configs"), "source")),
            depends_on=tuple(self.depends(g("depends_on"))),
            user=scalars.get("user"),
            privileged=self.boolean(g("privileged")),
            read_only=self.boolean(g("read_only")),
            cap_add=tuple(self.strings(g("cap_add"))),
            cap_drop=tuple(self.strings(g("cap_drop"))),
            security_opt=tuple(self.strings(g("security_opt"))),
            devices=tuple(self.strings(g("devices"), "source")),
            profiles=tuple(self.strings(g("profiles"))),
            command=tuple(self.words(g("command"))),
            entrypoint=tuple(self.words(g("entrypoint"))),
            scalars=scalars,
            keys=keys,
        )

    def image(self, node: Located[str] | None) -> ImageRef | None:
        if node is None:
            return None
        text = node.value.strip()
        resolved = interpolate(text, self.dotenv) if has_interpolation(text) else text
        # an unresolved reference is read as written (``${REGISTRY}/app:1.2`` still has its tag)
        return ImageRef(node, resolved, parse_reference(resolved if resolved is not None else text))

    def build(self, node: YNode | None) -> BuildSpec | None:
        if node is None:
            return None
        src = self.file(node)
        if isinstance(node, YScalar):
            if node.is_null:
                return None
            ctx: YScalar | None = node
            df = target = None
            inline = False
            at = self.sited(node)
        elif isinstance(node, YMap):
            c, d, t = node.get("context"), node.get("dockerfile"), node.get("target")
            ctx = c if isinstance(c, YScalar) else None
            df = d if isinstance(d, YScalar) else None
            target = t if isinstance(t, YScalar) else None
            inline = node.get("dockerfile_inline") is not None
            at = Located("", node.span)
        else:
            return None
        context_path = dockerfile_path = None
        ctx_text = interpolate(ctx.value, self.dotenv) if ctx is not None else "."
        if ctx_text is not None and not _remote(ctx_text):
            context_path = Path(posixpath.normpath((src.path.parent / ctx_text).as_posix()))
            df_text = interpolate(df.value, self.dotenv) if df is not None else "Dockerfile"
            if df_text is not None and not inline:
                dockerfile_path = Path(posixpath.normpath((context_path / df_text).as_posix()))
        return BuildSpec(
            node=at,
            context=self.sited(ctx) if ctx is not None else None,
            dockerfile=self.sited(df) if df is not None else None,
            target=self.sited(target) if target is not None else None,
            inline=inline,
            context_path=context_path,
            dockerfile_path=dockerfile_path,
            healthcheck_probe=self.healthcheck_probe(
                dockerfile_path, interpolate(target.value, self.dotenv) if target is not None else None
            ),
        )

    def healthcheck_probe(self, path: Path | None, target: str | None) -> Callable[[], bool | None] | None:
        """Reads and parses the Dockerfile when a rule first asks (most scans never do)."""
        if path is None:
            return None
        env = self.env
        dockerfiles = self.dockerfiles

        def probe() -> bool | None:
            if path not in dockerfiles:
                dockerfiles[path] = _read_dockerfile(env, path)
            df = dockerfiles[path]
            if df is None:
                return None
            stage = (df.stage_named(target) if target else None) or df.final_stage
            hc = stage.healthcheck if stage is not None else None
            return hc is not None and not hc.is_none

        return probe

    def strings(self, node: YNode | None, map_key: str | None = None) -> Iterable[Located[str]]:
        if isinstance(node, YScalar) and not node.is_null:
            yield self.sited(node)
        elif isinstance(node, YSeq):
            for item in node.items:
                if isinstance(item, YScalar) and not item.is_null:
                    yield self.sited(item)
                elif isinstance(item, YMap) and map_key is not None:
                    v = item.get(map_key)
                    if isinstance(v, YScalar) and not v.is_null:
                        yield self.sited(v)

    def words(self, node: YNode | None) -> Iterable[Located[str]]:
        if isinstance(node, YScalar) and not node.is_null:
            for w in split_command(node.value):
                yield Located(w, node.span)
        else:
            yield from self.strings(node)

    def names(self, node: YNode | None) -> Iterable[Located[str]]:
        for layer in layers(node):
            if isinstance(layer, YMap):
                yield from (self.sited(p.key) for p in layer.pairs)
            else:
                yield from self.strings(layer)

    def boolean(self, node: YNode | None) -> Located[bool] | None:
        if not isinstance(node, YScalar):
            return None
        value = compose_bool(node.value)
        if value is None:
            return None
        return Located(value, node.span)

    def ports(self, node: YNode | None) -> Iterable[Port]:
        if not isinstance(node, YSeq):
            return
        seen: set[tuple[str | None, str | None, str | None, str]] = set()
        for item in node.items:
            port = self.port(item)
            if port is None:
                continue
            ident = (port.host_ip, port.published, port.target, port.protocol)
            if ident in seen:
                continue
            seen.add(ident)
            yield port

    def port(self, item: YNode) -> Port | None:
        src = self.file(item)
        if isinstance(item, YMap):
            vals = {
                p.key.value: p.value.value for p in item.pairs if isinstance(p.value, YScalar) and not p.value.is_null
            }
            raw = " ".join(f"{k}={v}" for k, v in vals.items())
            resolved = {k: interpolate(v, self.dotenv) for k, v in vals.items()}
            return Port(
                item.span,
                src,
                raw,
                resolved.get("host_ip") or None,
                resolved.get("published") or None,
                resolved.get("target"),
                (resolved.get("protocol") or "tcp").lower(),
                long=True,
                interpolated=any(v is None for v in resolved.values()),
                node=item,
            )
        if not isinstance(item, YScalar) or item.is_null:
            return None
        text = item.value.strip()
        resolved_text = interpolate(text, self.dotenv)
        unresolved = resolved_text is None
        host_ip, published, target, proto = split_port(text if resolved_text is None else resolved_text)
        return Port(item.span, src, text, host_ip, published, target, proto, interpolated=unresolved, node=item)

    def mounts(self, node: YNode | None) -> Iterable[Mount]:
        if not isinstance(node, YSeq):
            return
        by_target: dict[str, Mount] = {}
        loose: list[Mount] = []
        for item in node.items:
            m = self.mount(item)
            if m is None:
                continue
            if m.target:
                by_target.pop(m.target, None)
                by_target[m.target] = m
            else:
                loose.append(m)
        yield from by_target.values()
        yield from loose

    def mount(self, item: YNode) -> Mount | None:
        src = self.file(item)
        if isinstance(item, YMap):
            vals = {
                p.key.value: p.value.value for p in item.pairs if isinstance(p.value, YScalar) and not p.value.is_null
            }
            source = vals.get("source")
            rs = interpolate(source, self.dotenv) if source else None
            kind = vals.get("type") or ("bind" if rs and _is_path(rs) else "volume")
            bind = item.get("bind")
            prop = None
            if isinstance(bind, YMap):
                pv = bind.get("propagation")
                prop = pv.value if isinstance(pv, YScalar) else None
            ro = compose_bool(vals.get("read_only", "false")) is True
            return Mount(
                item.span, src, kind, rs or source, vals.get("target"), ro, prop, True, bool(source and rs is None)
            )
        if not isinstance(item, YScalar) or item.is_null:
            return None
        text = item.value.strip()
        resolved = interpolate(text, self.dotenv)
        kind, source, target, opts = split_volume(resolved if resolved is not None else text)
        prop = next((o for o in opts if o in _PROPAGATION), None)
        return Mount(item.span, src, kind, source, target, "ro" in opts, prop, False, resolved is None)

    def environment(self, node: YNode | None) -> dict[str, EnvVar]:
        out: dict[str, EnvVar] = {}
        for layer in layers(node):
            if isinstance(layer, YMap):
                for p in layer.pairs:
                    src = self.file(p.key)
                    v = p.value
                    value = self.sited(v) if isinstance(v, YScalar) and not v.is_null else None
                    out[p.key.value] = EnvVar(self.sited(p.key), value, p.key.span.cover(v.span), src)
            elif isinstance(layer, YSeq):
                for item in layer.items:
                    if not isinstance(item, YScalar) or item.is_null:
                        continue
                    src = self.file(item)
                    name, eq, val = item.value.partition("=")
                    name = name.strip()
                    sited_val = Located(val, item.span) if eq else None
                    out[name] = EnvVar(Located(name, item.span), sited_val, item.span, src)
        return out

    def env_file(self, ref: Located[str]) -> EnvFile:
        """Read what an ``env_file`` entry loads (relative to the file that writes it), confined to the root."""
        text = interpolate(ref.value, self.dotenv)
        if text is None or not text.strip():
            return EnvFile(ref, None, None)
        path = Path(posixpath.normpath((ref.file.path.parent / text.strip()).as_posix()))
        try:
            if not os.path.isfile(path):  # noqa: PTH113
                return EnvFile(ref, path, None)
            src = self.env.read(path)
        except (Refused, OSError):
            return EnvFile(ref, path, None)
        return EnvFile(ref, path, src, tuple(dotenv_entries(src)))

    def healthcheck(self, node: YNode | None) -> Healthcheck | None:
        if not isinstance(node, YMap):
            return None
        test = node.get("test")
        words: tuple[str, ...] = ()
        if isinstance(test, YSeq):
            words = tuple(i.value for i in test.items if isinstance(i, YScalar))
        elif isinstance(test, YScalar) and not test.is_null:
            words = ("CMD-SHELL", test.value)
        disabled = compose_node_bool(node.get("disable")) is True or (bool(words) and words[0].upper() == "NONE")
        test_node = None
        positions = None
        if isinstance(test, YScalar) and not test.is_null:
            test_node = self.sited(test)
            positions = _positions(test, test_node.file)
        elif isinstance(test, YSeq) and test.items:
            test_node = Located(" ".join(words), test.span)
            last = test.items[-1]
            if len(test.items) == 2 and words[0].upper() == "CMD-SHELL" and isinstance(last, YScalar):
                positions = _positions(last, self.file(last))
        return Healthcheck(node.span, self.file(node), disabled, words, test_node, positions)

    def deploy(self, node: YNode | None) -> Deploy | None:
        if not isinstance(node, YMap):
            return None
        res = node.get("resources")
        limits: dict[str, Located[str]] = {}
        reservations: dict[str, Located[str]] = {}
        if isinstance(res, YMap):
            for key, table in (("limits", limits), ("reservations", reservations)):
                sub = res.get(key)
                if isinstance(sub, YMap):
                    for p in sub.pairs:
                        if isinstance(p.value, YScalar) and not p.value.is_null:
                            table[p.key.value] = self.sited(p.value)
        policy = None
        rp = node.pair("restart_policy")
        if rp is not None:
            cond = rp.value.get("condition") if isinstance(rp.value, YMap) else None
            text = cond.value if isinstance(cond, YScalar) else "any"
            policy = Located(text, rp.key.span)
        return Deploy(node.span, self.file(node), limits, reservations, policy)

    def logging(self, node: YNode | None) -> Logging | None:
        if not isinstance(node, YMap):
            return None
        d = node.get("driver")
        opts: dict[str, Located[str]] = {}
        o = node.get("options")
        if isinstance(o, YMap):
            for p in o.pairs:
                if isinstance(p.value, YScalar) and not p.value.is_null:
                    opts[p.key.value] = self.sited(p.value)
        driver = self.sited(d) if isinstance(d, YScalar) and not d.is_null else None
        return Logging(node.span, self.file(node), driver, opts)

    def depends(self, node: YNode | None) -> Iterable[Dependency]:
        out: dict[str, Dependency] = {}
        for layer in layers(node):
            if isinstance(layer, YMap):
                for p in layer.pairs:
                    cond = p.value.get("condition") if isinstance(p.value, YMap) else None
                    c = self.sited(cond) if isinstance(cond, YScalar) else None
                    out[p.key.value] = Dependency(self.sited(p.key), c, p.key.span, self.file(p.key))
            else:
                for s in self.strings(layer):
                    out[s.value] = Dependency(s, None, s.span, s.file)
        return out.values()


_PROPAGATION = frozenset({"shared", "rshared", "slave", "rslave", "private", "rprivate"})
_VOLUME_MODES = frozenset({"ro", "rw", "z", "Z", "nocopy", "cached", "delegated", "consistent"} | _PROPAGATION)


def layers(node: YNode | None) -> tuple[YNode, ...]:
    if node is None:
        return ()
    if isinstance(node, YSeq) and node.tag == _LAYERS_TAG:
        return node.items
    return (node,)


def _positions(node: YScalar, src: SourceFile) -> tuple[int, ...] | None:
    """Source offsets of each character of a one-line scalar written without escapes (the shell
    layer then places commands exactly); None otherwise."""
    sp = node.span
    if sp.start_offset < 0 or sp.start_line != sp.end_line:
        return None
    raw = src.text[sp.start_offset : sp.end_offset]
    if node.plain and raw == node.value:
        start = sp.start_offset
    elif node.style in ("'", '"') and raw[1:-1] == node.value and "\\" not in raw:
        start = sp.start_offset + 1
    else:
        return None
    return tuple(range(start, start + len(node.value) + 1))


def _remote(ctx: str) -> bool:
    return "://" in ctx or ctx.startswith(("git@", "github.com/")) or ctx.endswith(".git")


def _is_path(text: str) -> bool:
    return text.startswith(("/", ".", "~", "\\")) or (len(text) > 1 and text[1] == ":" and text[0].isalpha())


def split_port(text: str) -> tuple[str | None, str | None, str | None, str]:
    """(host_ip, published, target, protocol) of a short-syntax port."""
    proto = "tcp"
    if "/" in text:
        text, _, proto = text.rpartition("/")
    host_ip = None
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            host_ip = text[1:end]
            text = text[end + 1 :].lstrip(":")
            parts = text.split(":")
            if len(parts) == 1:
                return host_ip, None, parts[0] or None, proto.lower()
            return host_ip, parts[0] or None, parts[1] or None, proto.lower()
    parts = text.rsplit(":", 2)
    if len(parts) == 1:
        return None, None, parts[0] or None, proto.lower()
    if len(parts) == 2:
        return None, parts[0] or None, parts[1] or None, proto.lower()
    return parts[0] or None, parts[1] or None, parts[2] or None, proto.lower()


def split_volume(text: str) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """(type, source, target, options) of a short-syntax volume."""
    drive = ""
    if len(text) > 2 and text[1] == ":" and text[0].isalpha() and text[2] in "\\/":
        drive, text = text[:2], text[2:]
    parts = text.split(":")
    opts: tuple[str, ...] = ()
    if len(parts) >= 3 or (len(parts) == 2 and set(parts[1].split(",")) <= _VOLUME_MODES and parts[1]):
        if len(parts) >= 3:
            opts = tuple(parts[-1].split(","))
            parts = [parts[0], ":".join(parts[1:-1])]
        else:
            # "target:ro" on an anonymous volume
            return "volume", None, parts[0], tuple(parts[1].split(","))
    if len(parts) == 1:
        return "volume", None, drive + parts[0], opts
    source = drive + parts[0]
    kind = "bind" if _is_path(source) else "volume"
    return kind, source, parts[1], opts


def parse(src: SourceFile, env: ParseEnv) -> Parsed[ComposeFile]:
    return _Builder(src, env).run()


def _source_mounted(svc: Service, main: SourceFile) -> bool:
    """``svc`` builds its image from a context of this file and bind-mounts that same context into
    the container (``build: .`` with ``.:/app``): live code over the image, a development stack. A
    mount into ``/etc`` is a configuration folder that happens to be the context, not source code."""
    b = svc.build
    if b is None or b.context_path is None or svc.file is not main:
        return False
    ctx = resolve(b.context_path)
    for m in svc.volumes:
        target = m.target or "/"
        if (
            m.is_bind
            and m.source
            and not m.interpolated
            and m.file is main
            and target != "/"
            and not target.startswith("/etc/")
        ):
            src = Path(m.source)
            if not src.is_absolute() and resolve(main.path.parent / src) == ctx:
                return True
    return False


__all__ = ["parse", "partner_files", "profile_for", "split_port", "split_volume"]
