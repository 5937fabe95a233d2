"""The deployment map: the project model as a graph of artifacts and the links between them.

Nodes are the pieces a reviewer thinks in (workflow jobs, images, Dockerfiles, Compose services,
nginx configs, env files); edges are the links the project model resolved (a service builds a
Dockerfile, an nginx config proxies to a service's port, a job builds and pushes an image), and the
links it could not resolve, with the reason. Each node that stands for a file carries the worst
severity of that file's findings.

Rendered as Mermaid (GitHub shows it in Markdown), Graphviz DOT, or JSON (``version`` 1, documented
in docs/map.md). Every name that comes from a scanned file is escaped for the format it goes into,
and the order of nodes and edges is fixed, so the output is byte-identical across runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from deploylint.findings import Finding, Severity
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.engine import Report
    from deploylint.models.project import ComposeService, Project

#: the order kinds of node are listed and laid out in (left to right)
KINDS = ("workflow", "job", "image", "dockerfile", "compose", "service", "nginx", "pm2", "env", "unresolved")
GRAPH_VERSION = 1


@record(frozen=False)
class Node:
    key: str
    kind: str
    label: str
    path: str | None = None  # display path of the file the node stands for
    line: int | None = None
    worst: str | None = None  # error / warning / info, from the file's findings
    findings: int = 0


@record
class Edge:
    src: str
    dst: str
    label: str
    resolved: bool = True
    reason: str | None = None


@record(frozen=False)
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    #: the edges as a set, for the duplicate test of :meth:`link` (``edge in self.edges`` was a
    #: list search per edge: 4,000 services took 20 s of CPU in the HTML report's map)
    _edge_set: set[Edge] = field(default_factory=set, compare=False, repr=False)

    def add(self, key: str, kind: str, label: str, path: str | None = None, line: int | None = None) -> str:
        if key not in self.nodes:
            self.nodes[key] = Node(key, kind, label, path, line)
        return key

    def link(self, src: str, dst: str, label: str, *, resolved: bool = True, reason: str | None = None) -> None:
        edge = Edge(src, dst, label, resolved, reason)
        if edge not in self._edge_set:
            self._edge_set.add(edge)
            self.edges.append(edge)

    def ordered(self) -> tuple[list[Node], list[Edge]]:
        nodes = sorted(self.nodes.values(), key=lambda n: (KINDS.index(n.kind), n.key))
        edges = sorted(self.edges, key=lambda e: (e.src, e.dst, e.label, e.reason or ""))
        return nodes, edges


def _unresolved(g: Graph, src: str, label: str, reason: str) -> None:
    key = g.add(f"unresolved:{src}:{label}:{reason}", "unresolved", "?")
    g.link(src, key, label, resolved=False, reason=reason)


def _image(g: Graph, repository: str) -> str:
    """One node per image repository (``docker.io/library/`` dropped): the tags are on the edges,
    so the job that pushes ``acme/api:1.2`` and the service that runs ``acme/api:1.2`` meet."""
    name = repository.removeprefix("docker.io/").removeprefix("library/")
    return g.add(f"image:{name}", "image", name)


def _file_node(g: Graph, kind: str, display: str) -> str:
    return g.add(f"{kind}:{display}", kind, display, display, 1)


def build_graph(report: Report) -> Graph:
    """The graph of ``report``'s project (its files alone when the scan linked no project), each
    file node coloured by its findings and labelled below the folder the files share."""
    g = Graph()
    _link(g, report)
    _colour(g, report.findings)
    _short_labels(g)
    return g


def _link(g: Graph, report: Report) -> None:
    from deploylint.discovery import display_path
    from deploylint.kinds import Kind
    from deploylint.models.compose import ComposeFile
    from deploylint.models.project import Unresolved
    from deploylint.paths import resolve

    node_kind = {
        Kind.DOCKERFILE: "dockerfile",
        Kind.COMPOSE: "compose",
        Kind.NGINX: "nginx",
        Kind.WORKFLOW: "workflow",
        Kind.PM2: "pm2",
    }
    for art in report.artifacts:
        if art.kind in node_kind and art.model is not None:
            _file_node(g, node_kind[art.kind], art.display)
    project: Project | None = report.project
    if project is None:
        return

    def disp(p: Path) -> str:
        return display_path(p)

    def service_node(cs: ComposeService) -> str:
        compose = cs.compose.source.display
        key = g.add(
            f"service:{compose}#{cs.name}", "service", cs.name, cs.source.display, cs.service.name.span.start_line
        )
        g.link(_file_node(g, "compose", compose), key, "defines")
        image = cs.service.image
        if image is not None and image.path:
            repository = image.path
            version = f":{image.tag}" if image.tag else ""
            version += f"@{image.digest[:19]}" if image.digest else ""
            if image.interpolated:  # ghcr.io/acme/app:${TAG:?set TAG}: the tag is chosen at deploy time
                repository, _, rest = image.raw.value.partition(":${")
                version = "(interpolated tag)" if rest else "(interpolated)"
            g.link(key, _image(g, repository), f"runs {version or ':latest'}")
        return key

    for art in report.artifacts:
        if art.kind is Kind.COMPOSE and isinstance(art.model, ComposeFile):
            for cs in project.services(art.model):
                service_node(cs)
    for b in project.service_builds:
        src = service_node(b.service)
        if isinstance(b.dockerfile, Unresolved):
            _unresolved(g, src, "build", b.dockerfile.reason)
            continue
        label = "build" + (f" (stage {b.target.value})" if b.target is not None else "")
        g.link(src, _file_node(g, "dockerfile", b.dockerfile.source.display), label)
    for u in project.upstreams:
        nginx = _file_node(g, "nginx", u.arg.file.display)
        port = f" :{u.port}" if u.port is not None else ""
        if isinstance(u.service, Unresolved):
            _unresolved(g, nginx, f"proxies {u.host}{port}", u.service.reason)
        else:
            g.link(nginx, service_node(u.service), f"proxies{port}")
    nginx_arts = [(resolve(a.path), a.display) for a in report.artifacts if a.kind is Kind.NGINX]
    for m in project.config_mounts:
        host = resolve(m.host_path)
        for path, display in nginx_arts:  # the mounted file, or the scanned configs in a mounted folder
            if path == host or host in path.parents:
                g.link(service_node(m.service), _file_node(g, "nginx", display), "mounts config")
    for wb in project.workflow_builds:
        wf = _file_node(g, "workflow", wb.source.display)
        job = g.add(f"job:{wb.source.display}#{wb.job.id.value}", "job", wb.job.id.value, wb.source.display)
        g.link(wf, job, "runs")
        if isinstance(wb.dockerfile, Unresolved):
            _unresolved(g, job, "build", wb.dockerfile.reason)
        else:
            g.link(job, _file_node(g, "dockerfile", disp(wb.dockerfile)), "build")
        for tag in wb.tags:
            shown = {"": ":latest", "dynamic": "(computed tag)"}
            version = shown.get(tag.tag, tag.tag if tag.tag.startswith("@") else f":{tag.tag}")
            g.link(job, _image(g, tag.repository), f"{'push' if wb.pushes else 'build'} {version}")

    def to_file(src: str, label: str, kind: str, target: Path | Unresolved) -> None:
        """An edge to the file node of ``target``, or to an unresolved node with the reason."""
        if isinstance(target, Unresolved):
            _unresolved(g, src, label, target.reason)
        else:
            g.link(src, _file_node(g, kind, disp(target)), label)

    for wc in project.workflow_compose:
        to_file(_file_node(g, "workflow", wc.at.file.display), "docker compose", "compose", wc.path)
    for run in project.pm2_runs:
        to_file(_file_node(g, "dockerfile", run.dockerfile.source.display), "runs", "pm2", run.target)
    for env in project.env_files:
        _file_node(g, "env", env.source.display)
    env_paths = {n.path for n in g.nodes.values() if n.kind == "env"}
    for art in report.artifacts:
        if art.kind is Kind.COMPOSE and isinstance(art.model, ComposeFile):
            folder = art.path.parent
            for cs in project.services(art.model):
                for ef in cs.service.env_files:
                    display = disp(folder / ef.value)
                    if display in env_paths:
                        g.link(service_node(cs), f"env:{display}", "env_file")


def _short_labels(g: Graph) -> None:
    """File nodes are labelled by their path below the folder all of them share."""
    import posixpath

    files = [n for n in g.nodes.values() if n.path is not None and n.kind not in ("service", "job")]
    folders = {posixpath.dirname(n.path) for n in files if n.path is not None}
    if len({f.startswith("/") for f in folders}) != 1:
        return  # no file nodes, or absolute and relative paths mixed (no common folder)
    common = posixpath.commonpath(folders)
    for n in files:
        if common and n.path is not None:
            n.label = posixpath.relpath(n.path, common)


def _colour(g: Graph, findings: Iterable[Finding]) -> None:
    worst: dict[str, Severity] = {}
    count: dict[str, int] = {}
    for f in findings:
        p = f.location.path
        count[p] = count.get(p, 0) + 1
        if p not in worst or f.severity.rank > worst[p].rank:
            worst[p] = f.severity
    for n in g.nodes.values():
        if n.path is not None and n.kind in ("dockerfile", "compose", "nginx", "workflow", "pm2", "env"):
            sev = worst.get(n.path)
            n.worst = sev.value if sev is not None else None
            n.findings = count.get(n.path, 0)


# -- renderers ---------------------------------------------------------------------------------

_SHAPES = {
    "workflow": ('[/"', '"/]'),
    "job": ('("', '")'),
    "image": ('[("', '")]'),
    "dockerfile": ('["', '"]'),
    "compose": ('[["', '"]]'),
    "service": ('(["', '"])'),
    "nginx": ('{{"', '"}}'),
    "pm2": ('[\\"', '"\\]'),
    "env": ('>"', '"]'),
    "unresolved": ('(("', '"))'),
}


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for quotes, brackets, pipes and
    anything that could end the label or start markup; control characters shown (:func:`_shown`)."""
    return "".join(f"#{ord(ch)};" if ch in '"#<>&|[]{}()`\\;' else ch for ch in _shown(text))


def _shown(text: str) -> str:
    """``text`` as every report shows input (:func:`deploylint.reporters._escape.text`): C0 and C1
    controls, DEL, the line and paragraph separators and the bidi controls as ``\\xNN`` or
    ``\\uNNNN``, a byte that is not UTF-8 (a lone surrogate from ``os.fsdecode``) as ``\\xNN``, so
    that the map is valid UTF-8 and reorders nothing. A tab, CR or LF becomes a blank, as before."""
    from deploylint.reporters._escape import text as escaped

    return escaped(text.replace("\t", " ").replace("\r", " ").replace("\n", " "))


def _ids(nodes: list[Node]) -> dict[str, str]:
    return {n.key: f"n{i}" for i, n in enumerate(nodes, 1)}


def _label(n: Node) -> str:
    kind = {
        "workflow": "workflow",
        "job": "job",
        "image": "image",
        "dockerfile": "Dockerfile",
        "compose": "compose",
        "service": "service",
        "nginx": "nginx",
        "pm2": "PM2 ecosystem",
        "env": "env file",
        "unresolved": "unresolved",
    }[n.kind]
    extra = f" ({n.findings} findings)" if n.findings else ""
    return f"{kind}: {n.label}{extra}" if n.kind != "unresolved" else "?"


def to_mermaid(g: Graph) -> str:
    nodes, edges = g.ordered()
    ids = _ids(nodes)
    lines = ["flowchart LR"]
    for n in nodes:
        left, right = _SHAPES[n.kind]
        lines.append(f"  {ids[n.key]}{left}{_mermaid_text(_label(n))}{right}")
    for e in edges:
        text = e.label if e.resolved else f"{e.label}: {e.reason or 'unresolved'}"
        arrow = "-->" if e.resolved else "-.->"
        lines.append(f'  {ids[e.src]} {arrow}|"{_mermaid_text(text)}"| {ids[e.dst]}')
    lines += [
        "  classDef error fill:#f8d7da,stroke:#b02a37,color:#000",
        "  classDef warning fill:#fff3cd,stroke:#997404,color:#000",
        "  classDef info fill:#cfe2ff,stroke:#0a58ca,color:#000",
        "  classDef clean fill:#d1e7dd,stroke:#146c43,color:#000",
        "  classDef unresolved fill:#eee,stroke:#888,stroke-dasharray:4 3,color:#000",
    ]
    groups: dict[str, list[str]] = {}
    for n in nodes:
        cls = "unresolved" if n.kind == "unresolved" else (n.worst or ("clean" if n.path else ""))
        if cls:
            groups.setdefault(cls, []).append(ids[n.key])
    for cls in ("error", "warning", "info", "clean", "unresolved"):
        if cls in groups:
            lines.append(f"  class {','.join(groups[cls])} {cls}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return "".join("\\" + ch if ch in '"\\' else ch for ch in _shown(text))


_DOT_FILL = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#cfe2ff"}
_DOT_SHAPE = {
    "workflow": "parallelogram",
    "job": "box",
    "image": "cylinder",
    "dockerfile": "box",
    "compose": "box3d",
    "service": "ellipse",
    "nginx": "hexagon",
    "pm2": "component",
    "env": "note",
    "unresolved": "circle",
}


def to_dot(g: Graph) -> str:
    nodes, edges = g.ordered()
    ids = _ids(nodes)
    lines = [
        "digraph deploylint {",
        "  rankdir=LR;",
        '  node [fontname="sans-serif", style=filled, fillcolor="#ffffff"];',
    ]
    for n in nodes:
        fill = _DOT_FILL.get(n.worst or "", "#d1e7dd" if n.path else "#ffffff")
        lines.append(
            f'  {ids[n.key]} [label="{_dot_text(_label(n))}", shape={_DOT_SHAPE[n.kind]}, fillcolor="{fill}"];'
        )
    for e in edges:
        text = e.label if e.resolved else f"{e.label}: {e.reason or 'unresolved'}"
        style = "" if e.resolved else ", style=dashed"
        lines.append(f'  {ids[e.src]} -> {ids[e.dst]} [label="{_dot_text(text)}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


class NodeData(TypedDict):
    """A node of the map as ``deploylint map --format json`` writes it."""

    id: str
    kind: str
    label: str
    path: str | None
    line: int | None
    worst: str | None
    findings: int


EdgeData = TypedDict("EdgeData", {"from": str, "to": str, "label": str, "resolved": bool, "reason": str | None})


class GraphData(TypedDict):
    """The map as data: its format version, nodes and edges."""

    version: int
    nodes: list[NodeData]
    edges: list[EdgeData]


def to_data(g: Graph) -> GraphData:
    nodes, edges = g.ordered()
    ids = _ids(nodes)
    return {
        "version": GRAPH_VERSION,
        "nodes": [
            {
                "id": ids[n.key],
                "kind": n.kind,
                "label": n.label,
                "path": n.path,
                "line": n.line,
                "worst": n.worst,
                "findings": n.findings,
            }
            for n in nodes
        ],
        "edges": [
            {"from": ids[e.src], "to": ids[e.dst], "label": e.label, "resolved": e.resolved, "reason": e.reason}
            for e in edges
        ],
    }


def to_json(g: Graph) -> str:
    from deploylint.reporters._escape import json_text

    data = to_data(g)
    for n in data["nodes"]:  # a name that is not UTF-8 is a lone surrogate, which strict parsers refuse
        n["label"] = json_text(n["label"])
        n["path"] = json_text(n["path"]) if n["path"] is not None else None
    for e in data["edges"]:
        e["label"] = json_text(e["label"])
        e["reason"] = json_text(e["reason"]) if e["reason"] is not None else None
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


RENDERERS = {"mermaid": to_mermaid, "dot": to_dot, "json": to_json}


def to_markdown(g: Graph, report: Report) -> str:
    """A job summary: counts per severity and per rule, then the map as a Mermaid block."""
    from collections import Counter

    sev = Counter(f.severity.value for f in report.findings)
    rules = Counter((f.rule_id, f.rule_name) for f in report.findings)
    lines = ["## deploylint", ""]
    total = len(report.findings)
    if total:
        parts = ", ".join(f"{sev[s]} {s}" for s in ("error", "warning", "info") if sev[s])
        lines.append(f"{total} findings ({parts}) in {len(report.artifacts)} files.")
        lines += ["", "| rule | findings |", "| --- | ---: |"]
        for (rid, name), n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| {rid} {_md_text(name)} | {n} |")
    else:
        lines.append(f"No findings in {len(report.artifacts)} files.")
    lines += ["", "### Deployment map", "", "```mermaid", to_mermaid(g).rstrip("\n"), "```", ""]
    return "\n".join(lines)


def _md_text(text: str) -> str:
    return "".join(f"&#{ord(ch)};" if ch in "|<>[]`*_\\" else ch for ch in _shown(text))
