"""Resolved action refs: the cache GHA009's pin fix reads, and the only code that fills it over the
network (``deploylint check --online``).

The cache is a JSON file, by default ``.deploylint_cache/refs.json`` in the scan root (the
``DEPLOYLINT_REFS`` environment variable names another one)::

    {"version": 1,
     "refs": {"actions/checkout@v4": {"sha": "<40 hex>", "version": "v4.1.7", "kind": "tag"}}}

A key is ``owner/repo@ref`` (owner and repository lower-cased, the ref as written). ``version`` is
the fullest tag at that commit (``v4.1.7`` for ``v4``), written in the comment of the fix; ``kind``
is ``tag`` or ``branch`` (a branch is never pinned by the fix). A normal run only reads the file;
``--online`` resolves every ref the scan's GHA009 findings name through the GitHub REST API
(``GITHUB_TOKEN`` or ``GH_TOKEN`` is sent when set), then rewrites the file atomically.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.paths import read_side_text, replace_atomically
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.engine import Report
    from deploylint.json_types import JSON
    from deploylint.kinds import Kind
    from deploylint.settings import Settings

REFS_ENV = "DEPLOYLINT_REFS"
DEFAULT_PATH = Path(".deploylint_cache") / "refs.json"
FORMAT_VERSION = 1
API = "https://api.github.com"
TIMEOUT = 10.0
#: annotated tags pointing at annotated tags are followed this far
MAX_TAG_DEPTH = 5
#: fuller tags dereferenced (one request each when annotated) while looking for the version
MAX_CANDIDATES = 30

_SHA = re.compile(r"[0-9a-f]{40}")
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_REF = re.compile(r"[A-Za-z0-9_.+/-]+")


@record
class Pin:
    """What a ref resolved to: the commit, the fullest tag there (or the branch name), and kind."""

    sha: str
    version: str
    kind: str = "tag"  # "tag" | "branch"


class ResolveError(Exception):
    """The network or the API failed (not: the ref does not exist)."""


def key(slug: str, ref: str) -> str:
    return f"{slug.lower()}@{ref}"


def path_for(settings: Settings) -> Path | None:
    """Where the cache is for these settings: ``refs_file`` (the command line sets it), else
    ``DEPLOYLINT_REFS``, else ``.deploylint_cache/refs.json`` in the scan root."""
    if settings.refs_file is not None:
        return settings.refs_file
    if settings.refs_start is not None:
        return default_path(settings.refs_start)
    env = os.environ.get(REFS_ENV)
    if env:
        return Path(env)
    return settings.root / DEFAULT_PATH if settings.root is not None else None


def default_path(start: Path) -> Path:
    """The cache for a scan that starts at ``start``: ``DEPLOYLINT_REFS``, else in its root."""
    env = os.environ.get(REFS_ENV)
    if env:
        return Path(env)
    from deploylint.discovery import find_root

    return find_root(start) / DEFAULT_PATH


_loaded: dict[Path, tuple[tuple[int, int], dict[str, Pin]]] = {}


def load(path: Path) -> dict[str, Pin]:
    """The cache's entries (read once per change of the file); a missing or unreadable file, or
    one of another format, is empty, and entries that are not well-formed are skipped."""
    try:
        st = path.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size)
    got = _loaded.get(path)
    if got is not None and got[0] == stamp:
        return got[1]
    pins: dict[str, Pin] = {}
    try:
        import json  # here: every check sets the refs path, few read the file

        data = json.loads(read_side_text(path.resolve()))  # a FIFO or /dev/zero here cannot hang or fill memory
    except (OSError, ValueError):
        data = None
    refs = data.get("refs") if isinstance(data, dict) and data.get("version") == FORMAT_VERSION else None
    for k, v in (refs or {}).items() if isinstance(refs, dict) else ():
        if not isinstance(v, dict):
            continue
        sha, version, kind = v.get("sha"), v.get("version"), v.get("kind", "tag")
        if isinstance(sha, str) and _SHA.fullmatch(sha) and isinstance(version, str) and kind in ("tag", "branch"):
            if version and "\n" not in version and "\r" not in version:
                pins[str(k)] = Pin(sha, version, kind)
    _loaded[path] = (stamp, pins)
    return pins


def lookup(settings: Settings, slug: str, ref: str) -> Pin | None:
    path = path_for(settings)
    return load(path).get(key(slug, ref)) if path is not None else None


def save(path: Path, pins: Mapping[str, Pin]) -> None:
    """Merge ``pins`` into the cache at ``path`` and write it atomically (a temporary file in the
    same folder, then a rename)."""
    merged = {**load(path), **pins}
    body = {
        "version": FORMAT_VERSION,
        "refs": {k: {"sha": p.sha, "version": p.version, "kind": p.kind} for k, p in sorted(merged.items())},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    import json

    text = json.dumps(body, indent=2) + "\n"
    replace_atomically(path, text.encode("utf-8"), 0o600, prefix=".refs.", suffix=".tmp")
    _loaded.pop(path, None)


# -- resolving over the network -----------------------------------------------------------------
#: ``fetch(api_path)``: the decoded JSON of a GET, None for 404; raises ResolveError otherwise
Fetch = Callable[[str], "JSON"]
#: ``resolver(owner, repo, ref)``: the pin, or None when the ref does not exist
Resolver = Callable[[str, str, str], "Pin | None"]


def http_fetch(token: str | None = None, timeout: float = TIMEOUT, api: str = API) -> Fetch:
    """A ``fetch`` over HTTPS with urllib: the API's JSON media type, a token when given."""
    import urllib.error
    import urllib.request

    def fetch(path: str) -> JSON:
        req = urllib.request.Request(api + path)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("X-GitHub-Api-Version", "2022-11-28")
        req.add_header("User-Agent", "deploylint")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                import json

                data: JSON = json.loads(resp.read().decode("utf-8"))
                return data
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise ResolveError(f"GitHub API answered {exc.code} for {path}") from None
        except (OSError, ValueError) as exc:
            raise ResolveError(f"GitHub API request for {path} failed: {exc}") from None

    return fetch


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", name))


class GitHubResolver:
    """Resolves ``owner/repo@ref`` with the GitHub REST API: a tag (annotated tags dereferenced to
    their commit) or else a branch. For a tag, the fullest tag of the form ``<ref>.N[.N...]`` at
    the same commit is the version (``v4`` -> ``v4.1.7``); the tag itself when there is none."""

    def __init__(self, fetch: Fetch | None = None) -> None:
        token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")
        self.fetch = fetch if fetch is not None else http_fetch(token)

    def __call__(self, owner: str, repo: str, ref: str) -> Pin | None:
        if not (_NAME.fullmatch(owner) and _NAME.fullmatch(repo) and _REF.fullmatch(ref)) or ".." in ref:
            return None
        base = f"/repos/{owner}/{repo}/git"
        tag = self.fetch(f"{base}/ref/tags/{ref}")
        if isinstance(tag, dict):
            sha = self._commit(base, tag.get("object"))
            if sha is None:
                return None
            return Pin(sha, self._fullest(base, ref, sha), "tag")
        head = self.fetch(f"{base}/ref/heads/{ref}")
        if isinstance(head, dict):
            sha = self._commit(base, head.get("object"))
            return Pin(sha, ref, "branch") if sha is not None else None
        return None

    def _commit(self, base: str, obj: JSON) -> str | None:
        """The commit SHA an API ``object`` stands for, following annotated tags."""
        for _ in range(MAX_TAG_DEPTH):
            sha = obj.get("sha") if isinstance(obj, dict) else None
            if not isinstance(obj, dict) or not isinstance(sha, str):
                return None
            if obj.get("type") == "commit":
                return sha if _SHA.fullmatch(sha) else None
            if obj.get("type") != "tag":
                return None
            got = self.fetch(f"{base}/tags/{sha}")
            obj = got.get("object") if isinstance(got, dict) else None
        return None

    def _fullest(self, base: str, ref: str, sha: str) -> str:
        refs = self.fetch(f"{base}/matching-refs/tags/{ref}.")
        pattern = re.compile(re.escape(ref) + r"(?:\.\d+)+")
        names: list[tuple[str, JSON]] = []
        for r in refs if isinstance(refs, list) else ():
            if not isinstance(r, dict):
                continue
            name = str(r.get("ref", "")).removeprefix("refs/tags/")
            if pattern.fullmatch(name):
                names.append((name, r.get("object")))
        names.sort(key=lambda n: (_version_key(n[0]), n[0].count(".")), reverse=True)
        for name, obj in names[:MAX_CANDIDATES]:
            if self._commit(base, obj) == sha:
                return name
        return ref


# -- the --online pass ------------------------------------------------------------------------
@record(frozen=False)
class Refresh:
    """What ``--online`` did: refs resolved, refs that do not exist, refs that failed and why."""

    path: Path
    resolved: dict[str, Pin] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def wanted(report: Report) -> list[tuple[str, str, str]]:
    """(owner, repo, ref) of every action a GHA009 finding of ``report`` names, once each."""
    texts = {a.display: a.source.text for a in report.artifacts if a.source is not None}
    out: dict[str, tuple[str, str, str]] = {}
    for f in report.findings:
        if f.rule_id != "GHA009" or f.location.path not in texts:
            continue
        s = f.location.span
        raw = texts[f.location.path][s.start_offset : s.end_offset].strip().strip("'\"")
        name, _, ref = raw.partition("@")
        owner, _, rest = name.partition("/")
        repo = rest.partition("/")[0]
        if _NAME.fullmatch(owner) and _NAME.fullmatch(repo) and _REF.fullmatch(ref):
            out.setdefault(key(f"{owner}/{repo}", ref), (owner, repo, ref))
    return [out[k] for k in sorted(out)]


def refresh(
    settings: Settings,
    targets: Iterable[Path],
    path: Path,
    *,
    kind: Kind | None = None,
    resolver: Resolver | None = None,
) -> Refresh:
    """Resolve every ref the scan's GHA009 findings name (again, even when cached: a tag may have
    moved) and store them in the cache at ``path``. After a network failure, the rest is not
    tried (it would fail the same way, or make a rate limit worse)."""
    import dataclasses

    from deploylint.engine import Engine

    only = dataclasses.replace(settings, select=["GHA009"], extend_select=[], refs_file=path)
    report = Engine(only, kind=kind).run(list(targets))
    resolve = resolver if resolver is not None else GitHubResolver()
    out = Refresh(path)
    for owner, repo, ref in wanted(report):
        k = key(f"{owner}/{repo}", ref)
        if out.failed:
            out.failed[k] = "not tried after an earlier failure"
            continue
        try:
            pin = resolve(owner, repo, ref)
        except ResolveError as exc:
            out.failed[k] = str(exc)
            continue
        if pin is None:
            out.unknown.append(k)
        else:
            out.resolved[k] = pin
    if out.resolved:
        save(path, out.resolved)
    return out


__all__ = [
    "DEFAULT_PATH",
    "REFS_ENV",
    "GitHubResolver",
    "Pin",
    "Refresh",
    "ResolveError",
    "default_path",
    "http_fetch",
    "key",
    "load",
    "lookup",
    "path_for",
    "refresh",
    "save",
    "wanted",
]
