"""Edits the Compose rules' fixes are made of, on a service written whole in one file.

Every helper returns None when the edit cannot be made exactly (a flow mapping, a service merged
from another file, a ``<<`` key or ``extends:``, an anchored or aliased node, odd indentation):
the rule then attaches no fix. The YAML text edits themselves are :mod:`deploylint.yaml_edit`.
"""

from __future__ import annotations

from deploylint.findings import Edit
from deploylint.models.compose import Port, Service
from deploylint.models.tree import YMap, YScalar, YSeq
from deploylint.yaml_edit import append_item, block_layout, content_end, lines_after, replace_scalar, starts_line

LOOPBACK = "127.0.0.1"


def own(svc: Service, key: str | None = None) -> bool:
    """The service is written whole here (no ``<<`` merge, every key in its own file), and so is
    its ``key`` when given (the service has no ``extends:``, the value no anchor or alias)."""
    src = svc.file
    node = svc.node
    if node.merge_keys or any(p.merged for p in node.pairs) or any(k.file is not src for k in svc.keys.values()):
        return False
    if key is None:
        return True
    pair = node.pair(key)
    return "extends" not in svc.keys and pair is not None and pair.value.anchor is None


def add_to_service(svc: Service, lines: list[tuple[int, str]]) -> Edit | None:
    """Lines appended after the service's last key: ``(depth, text)`` each, depth 0 being the
    service's own keys. Only for a service written whole in one file, in block style."""
    if not own(svc):
        return None
    src = svc.file
    layout = block_layout(src, svc.node, svc.name.span.start_col)
    if layout is None:
        return None
    indent, step = layout
    return lines_after(src, svc.node, [f"{indent}{step * depth}{text}" for depth, text in lines])


def add_list_item(svc: Service, key: str, item: str) -> Edit | None:
    """``item`` added to the service's ``key:`` list (flow or block, as written), or a new
    ``key:`` block list holding it, its dashes placed as the service's other lists place theirs."""
    if not own(svc):
        return None
    pair = svc.node.pair(key)
    if pair is not None:
        return append_item(svc.file, pair.value, item) if isinstance(pair.value, YSeq) and own(svc, key) else None
    return add_to_service(svc, [(0, f"{key}:"), (1 if _indented_lists(svc) else 0, f"- {item}")])


def _indented_lists(svc: Service) -> bool:
    """The service's block lists put their dashes deeper than their key (``ports:\\n  - 80``),
    as most files do; False when they sit at the key's column."""
    src = svc.file
    for p in svc.node.pairs:
        v = p.value
        if isinstance(v, YSeq) and v.items and src.text[v.span.start_offset : v.span.start_offset + 1] != "[":
            return len(src.indent(v.items[0].span.start_line)) + 1 > p.key.span.start_col
    return True


def bind_loopback(svc: Service, port: Port) -> Edit | None:
    """An edit binding a published port to ``127.0.0.1``: ``127.0.0.1:`` put in front of a
    short-syntax entry without a host address (``"5432"``, a random host port, takes
    ``127.0.0.1::``), ``host_ip: 127.0.0.1`` added to a long-syntax entry, an explicit
    ``0.0.0.0`` replaced. None for other addresses (IPv6 ones included), interpolated entries, and
    entries that are not the service's own."""
    node = port.node
    src = port.file
    if node is None or port.interpolated or node.anchor is not None or src is not svc.file:
        return None
    if not own(svc, "ports") or port.host_ip not in (None, "0.0.0.0"):
        return None
    if isinstance(node, YScalar):
        text = node.value
        if text != text.strip() or not text:
            return None
        if port.host_ip is not None:
            return replace_scalar(src, node, "0.0.0.0", LOOPBACK)
        short = text.split("/", 1)[0]
        return replace_scalar(src, node, "", f"{LOOPBACK}::" if ":" not in short else f"{LOOPBACK}:")
    if not isinstance(node, YMap) or node.merge_keys or not node.pairs:
        return None
    hip = node.pair("host_ip")
    if hip is not None:
        v = hip.value
        return replace_scalar(src, v, "0.0.0.0", LOOPBACK) if isinstance(v, YScalar) and v.value == "0.0.0.0" else None
    if src.text[node.span.start_offset : node.span.start_offset + 1] == "{":
        return Edit(src.insertion(content_end(src, node.pairs[-1].value)), f", host_ip: {LOOPBACK}")
    cols = {p.key.span.start_col for p in node.pairs}
    if len(cols) != 1 or any(not starts_line(src, p.key.span.start_offset) for p in node.pairs[1:]):
        return None
    head = src.text[src.line_start(node.span.start_line) : node.pairs[0].key.span.start_offset]
    if head.strip() not in ("", "-"):
        return None
    return lines_after(src, node, [" " * (cols.pop() - 1) + f"host_ip: {LOOPBACK}"])
