"""One self-contained HTML report: the deployment map on top, then the findings per file.

Nothing is loaded from anywhere: the styles, a small script and the data (JSON) are inline, and a
Content-Security-Policy forbids every request, so the report works offline from a ``file://`` URL
and cannot leak what it shows. Every string from the scanned files is escaped (HTML text and
attributes; JSON inside the script element cannot close it).

The map is an SVG drawn here: one column per kind of node (workflows, jobs, images, Dockerfiles,
Compose files, services, nginx configs, env files), each node coloured by the worst finding of its
file; clicking a node shows that file's findings. Filters by severity, kind and rule live in the
URL fragment (``#severity=error,warning&kind=compose&rule=CMP001&file=compose.yaml``), so a
link can point at a filtered view.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from deploylint.engine import Report
from deploylint.findings import Finding
from deploylint.reporters import ReportOptions
from deploylint.reporters import _escape as escape
from deploylint.reporters._escape import html as _esc

if TYPE_CHECKING:
    from deploylint.graph import GraphData, NodeData

_COL_W, _ROW_H, _NODE_W, _NODE_H = 250, 58, 210, 40
_FILL = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#cfe2ff", None: "#d1e7dd"}
_MAX_FRAME = 300  # characters of a source line shown in a frame


def _escaped(data: object) -> object:
    """``data`` (the report's own dicts and lists, a few levels deep) with every string escaped."""
    if isinstance(data, str):
        return escape.text(data)
    if isinstance(data, dict):
        return {_escaped(k): _escaped(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_escaped(v) for v in data]
    return data


def _script_json(data: object) -> str:
    """JSON that cannot end the <script> element it sits in, its strings escaped as the text format's."""
    text = json.dumps(_escaped(data), ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _svg(graph_data: GraphData) -> tuple[str, int]:
    nodes = graph_data["nodes"]
    columns: dict[str, list[NodeData]] = {}
    for n in nodes:
        columns.setdefault(n["kind"], []).append(n)
    pos: dict[str, tuple[int, int]] = {}
    for ci, (_kind, group) in enumerate(columns.items()):
        for ri, n in enumerate(group):
            pos[n["id"]] = (20 + ci * _COL_W, 30 + ri * _ROW_H)
    width = 40 + max(len(columns), 1) * _COL_W
    height = 60 + max((len(g) for g in columns.values()), default=1) * _ROW_H
    parts = [
        (
            f'<svg id="map" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="deployment map">'
        ),
        (
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>'
        ),
    ]
    for ci, kind in enumerate(columns):
        parts.append(f'<text class="col" x="{20 + ci * _COL_W}" y="16">{_esc(kind)}</text>')
    for e in graph_data["edges"]:
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        sx, sy = float(x1 + _NODE_W), y1 + _NODE_H / 2
        tx, ty = float(x2), y2 + _NODE_H / 2
        if x2 <= x1:  # an edge to the same or an earlier column leaves from the bottom
            sx, sy, tx, ty = x1 + _NODE_W / 2, float(y1 + _NODE_H), x2 + _NODE_W / 2, float(y2)
        mid = (sx + tx) / 2
        dash = "" if e["resolved"] else ' stroke-dasharray="5 4"'
        label = e["label"] if e["resolved"] else f"{e['label']}: {e['reason']}"
        parts.append(
            f'<path class="edge" d="M {sx:.0f} {sy:.0f} C {mid:.0f} {sy:.0f}, {mid:.0f} {ty:.0f}, {tx:.0f} {ty:.0f}" '
            f'fill="none" stroke="#555"{dash} marker-end="url(#arrow)"><title>{_esc(label)}</title></path>'
        )
    for n in nodes:
        x, y = pos[n["id"]]
        fill = (
            "#eeeeee" if n["kind"] == "unresolved" else _FILL.get(n["worst"], "#ffffff" if not n["path"] else "#d1e7dd")
        )
        label = n["label"] if len(n["label"]) <= 30 else "…" + n["label"][-29:]
        path_attr = f' data-path="{_esc(n["path"])}"' if n["path"] else ""
        count = f" ({n['findings']})" if n["findings"] else ""
        parts.append(
            f'<g class="node" data-id="{n["id"]}" data-kind="{_esc(n["kind"])}"{path_attr} tabindex="0">'
            f'<rect x="{x}" y="{y}" width="{_NODE_W}" height="{_NODE_H}" rx="6" fill="{fill}" stroke="#444"/>'
            f'<text x="{x + 8}" y="{y + 25}">{_esc(label + count)}</text><title>{_esc(n["kind"] + ": " + n["label"])}</title></g>'
        )
    parts.append("</svg>")
    return "".join(parts), len(nodes)


def _frame(report: Report, f: Finding) -> list[list[int | str]]:
    src = next((a.source for a in report.artifacts if a.display == f.location.path and a.source), None)
    if src is None:
        return []
    s = f.location.span
    lines = range(max(1, s.start_line - 1), min(src.line_count, max(s.start_line, s.end_line) + 1) + 1)
    return [[n, src.line_text(n)[:_MAX_FRAME]] for n in lines if n <= src.line_count]


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
#mapbox{overflow:auto;border:1px solid #ccc;border-radius:6px;background:#fafafa}
svg text{font-size:12px;font-family:ui-monospace,monospace}svg text.col{font-weight:bold;fill:#555}
g.node{cursor:pointer}g.node.selected rect{stroke-width:3;stroke:#000}
#filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:1rem 0}
.file{margin:1rem 0;border:1px solid #ddd;border-radius:6px}.file>h3{margin:0;padding:.4rem .6rem;background:#f3f3f3;font-size:.95rem}
.finding{padding:.4rem .6rem;border-top:1px solid #eee}.sev{font-weight:bold;text-transform:uppercase;font-size:.75rem;padding:0 .3rem;border-radius:3px}
.sev.error{background:#f8d7da}.sev.warning{background:#fff3cd}.sev.info{background:#cfe2ff}
pre{margin:.3rem 0;background:#f7f7f7;padding:.3rem;overflow:auto;font-size:12px}
.rule pre{white-space:pre-wrap}[hidden]{display:none!important}
"""

_SCRIPT = r"""
(function(){
const data = JSON.parse(document.getElementById('report-data').textContent);
const list = document.getElementById('findings');
const byFile = new Map();
for (const f of data.findings) { if (!byFile.has(f.path)) byFile.set(f.path, []); byFile.get(f.path).push(f); }
const rows = [];
for (const [path, items] of byFile) {
  const box = document.createElement('section'); box.className = 'file'; box.dataset.path = path;
  const h = document.createElement('h3'); h.textContent = path + ' (' + (data.kinds[path] || 'project') + ')'; box.appendChild(h);
  for (const f of items) {
    const row = document.createElement('div'); row.className = 'finding';
    row.dataset.severity = f.severity; row.dataset.rule = f.rule; row.dataset.kind = data.kinds[path] || 'project'; row.dataset.path = path;
    const head = document.createElement('div');
    const sev = document.createElement('span'); sev.className = 'sev ' + f.severity; sev.textContent = f.severity; head.appendChild(sev);
    head.appendChild(document.createTextNode(' ' + path + ':' + f.line + ':' + f.column + ' '));
    const link = document.createElement('a'); link.href = '#rule-' + f.rule; link.textContent = f.rule; link.className = 'rulelink'; head.appendChild(link);
    head.appendChild(document.createTextNode(' ' + f.message));
    row.appendChild(head);
    if (f.frame.length) {
      const pre = document.createElement('pre');
      pre.textContent = f.frame.map(function(l){ return String(l[0]).padStart(5) + (l[0] === f.line ? ' > ' : ' | ') + l[1]; }).join('\n');
      row.appendChild(pre);
    }
    box.appendChild(row); rows.push(row);
  }
  list.appendChild(box);
}
function fill(select, values){ for (const v of values) { const o = document.createElement('option'); o.value = v; o.textContent = v; select.appendChild(o); } }
const kindSel = document.getElementById('kind'), ruleSel = document.getElementById('rule');
fill(kindSel, [...new Set(rows.map(function(r){return r.dataset.kind;}))].sort());
fill(ruleSel, [...new Set(rows.map(function(r){return r.dataset.rule;}))].sort());
function state(){
  const p = new URLSearchParams(location.hash.slice(1));
  return {severity: (p.get('severity') || 'error,warning,info').split(','), kind: p.get('kind') || '', rule: p.get('rule') || '', file: p.get('file') || ''};
}
function write(s){
  const p = new URLSearchParams();
  p.set('severity', s.severity.join(','));
  if (s.kind) p.set('kind', s.kind); if (s.rule) p.set('rule', s.rule); if (s.file) p.set('file', s.file);
  history.replaceState(null, '', '#' + p.toString()); apply();
}
function apply(){
  const s = state();
  for (const box of document.querySelectorAll('input[name=severity]')) box.checked = s.severity.includes(box.value);
  kindSel.value = s.kind; ruleSel.value = s.rule;
  let shown = 0;
  for (const r of rows) {
    const on = s.severity.includes(r.dataset.severity) && (!s.kind || r.dataset.kind === s.kind) && (!s.rule || r.dataset.rule === s.rule) && (!s.file || r.dataset.path === s.file);
    r.hidden = !on; if (on) shown++;
  }
  for (const box of list.children) box.hidden = ![...box.querySelectorAll('.finding')].some(function(r){return !r.hidden;});
  for (const g of document.querySelectorAll('g.node')) g.classList.toggle('selected', !!s.file && g.dataset.path === s.file);
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' findings shown';
}
for (const box of document.querySelectorAll('input[name=severity]')) box.addEventListener('change', function(){
  const s = state(); s.severity = [...document.querySelectorAll('input[name=severity]:checked')].map(function(b){return b.value;}); write(s); });
kindSel.addEventListener('change', function(){ const s = state(); s.kind = kindSel.value; write(s); });
ruleSel.addEventListener('change', function(){ const s = state(); s.rule = ruleSel.value; write(s); });
for (const g of document.querySelectorAll('g.node[data-path]')) g.addEventListener('click', function(){
  const s = state(); s.file = s.file === g.dataset.path ? '' : g.dataset.path; write(s); });
document.getElementById('clear').addEventListener('click', function(){ write({severity: ['error','warning','info'], kind: '', rule: '', file: ''}); });
window.addEventListener('hashchange', apply);
apply();
document.body.dataset.ready = 'true';
})();
"""


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    from deploylint.docs import to_text
    from deploylint.graph import build_graph, to_data
    from deploylint.reporters.text import summary_line

    graph = to_data(build_graph(report))
    svg, _count = _svg(graph)
    kinds = {a.display: a.kind.value for a in report.artifacts}
    findings = [
        {
            "path": f.location.path,
            "line": f.location.span.start_line,
            "column": f.location.span.start_col,
            "severity": f.severity.value,
            "rule": f.rule_id,
            "name": f.rule_name,
            "message": f.message,
            "frame": _frame(report, f),
        }
        for f in report.findings
    ]
    rule_ids = sorted({f.rule_id for f in report.findings})
    rules_html = []
    for rid in rule_ids:
        rule = report.registry.rules.get(rid)
        if rule is None:
            continue
        rules_html.append(
            f'<section class="rule" id="rule-{_esc(rid)}"><h3>{_esc(rid)} {_esc(rule.name)}</h3>'
            f"<pre>{chr(10).join(map(_esc, to_text(rule).splitlines()))}</pre></section>"
        )
    data = {"findings": findings, "kinds": kinds, "graph": graph}
    csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    severities = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {s}</label>'
        for s in ("error", "warning", "info")
    )
    stream.write(
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>deploylint report</title><style>{_STYLE}</style></head><body>"
        f"<h1>deploylint report</h1><p>{_esc(summary_line(report))}</p>"
        f'<h2>Deployment map</h2><div id="mapbox">{svg}</div>'
        '<h2>Findings</h2><div id="filters">'
        f"{severities}"
        '<label>kind <select id="kind"><option value="">all</option></select></label>'
        '<label>rule <select id="rule"><option value="">all</option></select></label>'
        '<button id="clear" type="button">show all</button><span id="shown"></span></div>'
        '<div id="findings"></div>'
        f'<h2>Rules</h2><div id="rules">{"".join(rules_html)}</div>'
        f'<script type="application/json" id="report-data">{_script_json(data)}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
