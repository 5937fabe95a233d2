"""PM2 ecosystem files (``ecosystem.config.js``, ``ecosystem.json``/``.yaml``, ``pm2.json``, ``process.json``).

The three spellings are read into the same positioned nodes (:mod:`deploylint.models.tree`). An
app's option may be written snake_case (``exec_mode``) or camelCase (``execMode``), as PM2
accepts both. Values PM2 would only know by running the file are
:class:`~deploylint.models.tree.YUnknown`; an app object with a spread or a computed key is
``partial`` and rules do not report keys it lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from deploylint.models.tree import YEnvRef, YMap, YNode, YScalar, YSeq
from deploylint.records import record
from deploylint.source import SourceFile, Span
from deploylint.truth import js_true

_CAMEL = re.compile(r"_([a-z])")
#: scripts that are Node programs (cluster mode and graceful reload apply to Node only)
_NODE_EXTENSIONS = (".js", ".cjs", ".mjs", ".ts")
_PORT_OPTIONS = ("--port", "-p")


def scalar(node: YNode | None) -> YScalar | None:
    """``node`` when it is a known scalar (not null)."""
    return node if isinstance(node, YScalar) and not node.is_null else None


#: an option PM2 reads as on (the literal ``true``): see :mod:`deploylint.truth`
is_true = js_true


@record(eq=False)
class App:
    node: YMap
    index: int
    file: Pm2File

    def get(self, key: str) -> YNode | None:
        v = self.node.get(key)
        return v if v is not None else self.node.get(_CAMEL.sub(lambda m: m.group(1).upper(), key))

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    @property
    def partial(self) -> bool:
        """A spread or computed key may supply options the file does not show."""
        return bool(self.node.odd_keys)

    @property
    def name(self) -> str:
        s = scalar(self.get("name"))
        return s.value if s is not None else f"#{self.index + 1}"

    @property
    def anchor(self) -> Span:
        p = self.node.pair("name")
        return p.key.span if p is not None else self.node.span

    @property
    def script(self) -> YScalar | None:
        s = scalar(self.get("script"))
        return s if s is not None and s.as_bool() is None else None

    @property
    def is_node(self) -> bool:
        """The script is a Node program PM2 runs itself (not a binary, a shell script or ``npm``)."""
        interp = scalar(self.get("interpreter"))
        if interp is not None and interp.value not in ("node", "nodejs") and not interp.value.endswith("/node"):
            return False
        s = self.script
        return s is not None and s.value.endswith(_NODE_EXTENSIONS)

    @property
    def watch(self) -> YNode | None:
        """The ``watch`` option when it turns watching on: ``true``, or a non-empty list of paths."""
        w = self.get("watch")
        return w if is_true(w) or (isinstance(w, YSeq) and w.items) else None

    @property
    def cluster(self) -> bool:
        mode = scalar(self.get("exec_mode"))
        return mode is not None and mode.value in ("cluster", "cluster_mode")

    def envs(self) -> Iterator[tuple[str, YMap]]:
        """(block name, mapping) of ``env`` and every ``env_<name>`` block."""
        for p in self.node.pairs:
            if (p.key.value == "env" or p.key.value.startswith("env_")) and isinstance(p.value, YMap):
                yield p.key.value, p.value

    def env_value(self, name: str) -> YNode | None:
        for _, block in self.envs():
            v = block.get(name)
            if v is not None:
                return v
        return None

    @property
    def production(self) -> bool:
        """The app runs in production as far as the file tells: the file is not a development
        file, and it has an ``env_production`` block or sets ``NODE_ENV`` to production."""
        if not self.file.production:
            return False
        if self.file.named_production or self.get("env_production") is not None:
            return True
        node_env = scalar(self.env_value("NODE_ENV"))
        return node_env is not None and node_env.value == "production"

    @property
    def server(self) -> bool:
        """The app listens on a port: ``PORT`` in an env block, or a ``--port`` argument."""
        port = self.env_value("PORT")
        if isinstance(port, (YScalar, YEnvRef)):
            return True
        return bool(self.arg_ports)

    def _arg_words(self) -> list[tuple[str, YScalar]]:
        """The words of ``args`` (a string split at blanks, or a list of strings, each split the
        same way, as PM2 does) with the scalar each is written in."""
        args = self.get("args")
        items = [a for a in args.items if isinstance(a, YScalar)] if isinstance(args, YSeq) else []
        if isinstance(args, YScalar):
            items = [args]
        return [(w, item) for item in items for w in item.value.split()]

    @property
    def arg_ports(self) -> tuple[tuple[int, YScalar], ...]:
        """(port, where it is written) of ``--port 3000``, ``--port=3000``, ``-p 3000`` in ``args``."""
        words = self._arg_words()
        out = []
        for i, (w, at) in enumerate(words):
            opt, eq, val = w.partition("=")
            if opt not in _PORT_OPTIONS:
                continue
            if not eq:
                if i + 1 >= len(words):
                    continue
                val, at = words[i + 1]
            if val.isdigit():
                out.append((int(val), at))
        return tuple(out)

    @property
    def ports(self) -> tuple[tuple[int, YScalar], ...]:
        """(port, where it is written) of literal ``PORT`` values in the env blocks (a
        ``process.env.PORT || 3000`` default counts), then the ports of ``args``."""
        out = []
        for _, block in self.envs():
            v = block.get("PORT")
            s = v.default if isinstance(v, YEnvRef) else scalar(v)
            if s is not None and s.value.isdigit():
                out.append((int(s.value), s))
        return (*out, *self.arg_ports)


@record(eq=False, frozen=False)
class Pm2File:
    source: SourceFile
    root: YNode | None
    apps: tuple[App, ...] = ()
    #: the file is not a development file (deploylint.profiles)
    production: bool = True
    #: the file's own name or folder says production
    named_production: bool = False


def apps_node(root: YNode | None) -> YSeq | YMap | None:
    """The ``apps`` list (or a single app object), or a bare list of apps."""
    if isinstance(root, YMap):
        apps = root.get("apps")
        if isinstance(apps, (YSeq, YMap)):
            return apps
        return None
    return root if isinstance(root, YSeq) else None


__all__ = ["App", "Pm2File", "apps_node", "is_true", "scalar"]
