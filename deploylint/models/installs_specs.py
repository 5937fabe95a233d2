"""Package arguments: what one names and whether it pins a version, per manager.

:func:`parse_spec` is the one pinning judgement, for Dockerfile ``RUN`` and workflow ``run:``
alike (hadolint DL3008/DL3013/DL3016/DL3018/DL3028/DL3033/DL3037/DL3041/DL3062 sit on it).
Per :class:`PackageSpec`:

* ``pinned`` is True when the argument names a version constraint (``pkg=1.2``, ``pkg==1.2``,
  ``pkg>=1.2``, ``pkg@^1.2``, ``pkg:1.2``, ``pkg-1.2.3``, ``gem -v 1.2``, ``go ...@v1.2``), or is
  not resolved from a registry at all (a local ``.deb``/``.rpm``/``.apk``/``.whl`` file, a path,
  a URL, a VCS reference with a ref). False when a registry package is named without a version
  (or with a floating tag such as ``@latest``), or a VCS source without a ref. None when a
  variable hides the package name (``$PKGS``) or the word names no package (a dnf group):
  rules stay silent then.
* ``exact`` is True only for one exact version (``==1.2``, ``=1.2-1``, ``@1.2.3``, ``@v1.2.3``).
* ``kind`` is ``registry``, ``file``, ``path``, ``url``, ``vcs``, ``group`` or ``dynamic``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from deploylint.models.installs_table import Manager
from deploylint.records import record
from deploylint.shell.model import Option, Word
from deploylint.source import Span

__all__ = ["PackageSpec", "is_pinned", "parse_spec"]

#: the package files each manager installs from (``./x.deb``, ``app.whl``)
_FILE_SUFFIXES: dict[Manager, tuple[str, ...]] = {
    Manager.APT_GET: (".deb",),
    Manager.APT: (".deb",),
    Manager.APK: (".apk",),
    Manager.YUM: (".rpm",),
    Manager.DNF: (".rpm",),
    Manager.MICRODNF: (".rpm",),
    Manager.ZYPPER: (".rpm",),
    Manager.PIP: (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz"),
    Manager.PIPX: (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz"),
    Manager.UV_PIP: (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz"),
    Manager.NPM: (".tgz", ".tar.gz", ".tar"),
    Manager.YARN: (".tgz", ".tar.gz", ".tar"),
    Manager.PNPM: (".tgz", ".tar.gz", ".tar"),
    Manager.GEM: (".gem",),
}
#: versions that move: a tag or branch name is no pin
_FLOATING = frozenset({"", "latest", "next", "*", "x", "master", "main", "head", "HEAD"})


@record
class PackageSpec:
    """One package argument. ``word`` carries the span to report on."""

    word: Word
    name: str
    version: str = ""
    operator: str = ""  # "=", "==", ">=", "@", ":", "-", "~", "-v" (a separate version option)...
    kind: str = "registry"
    pinned: bool | None = False
    exact: bool = False

    @property
    def span(self) -> Span:
        return self.word.span


def is_pinned(manager: Manager, word: Word, options: Collection[Option] = ()) -> bool | None:
    """Whether a package argument pins a version for ``manager`` (see the module doc)."""
    return parse_spec(manager, word, tuple(options)).pinned


def _local(manager: Manager, v: str) -> str | None:
    """``file``/``path``/``url`` when the argument is not a registry package name."""
    if v.startswith(("./", "../", "/", "~/")) or v in (".", ".."):
        return "file" if v.endswith(_FILE_SUFFIXES.get(manager, ())) else "path"
    if "://" in v.partition("@")[0] or v.startswith(("http://", "https://", "file:")):
        return "url"
    if v.endswith(_FILE_SUFFIXES.get(manager, ())) and manager is not Manager.GO:
        return "file"
    return None


def _name_has_expansion(word: Word, name: str) -> bool:
    return word.has_expansion and ("$" in name or "`" in name)


def parse_spec(manager: Manager, word: Word, options: tuple[Option, ...] | Collection[Option] = ()) -> PackageSpec:
    """What one package argument names and whether it pins a version: the one pinning judgement,
    for Dockerfile ``RUN`` and workflow ``run:`` alike (see the module doc)."""
    v = word.value
    if not v or (word.has_expansion and (v.startswith(("$", "`")) and _whole_expansion(word))):
        return PackageSpec(word, "", kind="dynamic", pinned=None)
    if v.startswith("-") or v in ("true", "false"):
        return PackageSpec(word, v, kind="dynamic", pinned=None)  # ``-`` (stdin), words of a bad split
    handler = _HANDLERS[manager]
    spec = handler(word, v, tuple(options))
    if spec.kind == "registry" and not spec.operator and _name_has_expansion(word, spec.name):
        return PackageSpec(word, spec.name, spec.version, spec.operator, "dynamic", None, False)
    return spec


def _whole_expansion(word: Word) -> bool:
    """The word is one expansion (``$PKGS``, ``${PKGS}``, ``$(cat list)``)."""
    return len(word.expansions) >= 1 and word.expansions[0].raw == word.value


def _split_op(v: str, ops: tuple[str, ...]) -> tuple[str, str, str]:
    """Split at the first operator of ``ops`` (checked longest first at each position)."""
    for i, ch in enumerate(v):
        if i == 0:
            continue
        for op in ops:
            if ch == op[0] and v.startswith(op, i):
                return v[:i], op, v[i + len(op) :]
    return v, "", ""


def _exactish(version: str) -> bool:
    return bool(version) and not any(c in version for c in "*<>^~|, ") and "$" not in version


def _apt(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    local = _local(Manager.APT_GET, v)
    if local is not None:
        return PackageSpec(word, v, kind=local, pinned=True)
    name, op, ver = _split_op(v, ("=",))
    if op:
        return PackageSpec(word, name, ver, "=", pinned=True, exact=_exactish(ver))
    # pkg/release takes the package from that release, as ``-t release`` does for every package:
    # the version moves only with the release's own updates. A trailing +/- marks install/remove.
    base, slash, rel = v.partition("/")
    if slash and rel:
        return PackageSpec(word, base.rstrip("+-"), rel, "/", pinned=True)
    return PackageSpec(word, base.rstrip("+-"), pinned=False)


def _apk(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    local = _local(Manager.APK, v)
    if local is not None:
        return PackageSpec(word, v, kind=local, pinned=True)
    name, op, ver = _split_op(v, ("><", ">=", "<=", "~=", "=~", "=", "~", ">", "<"))
    name = name.partition("@")[0]  # pkg@edge selects a repository tag
    if op:
        return PackageSpec(word, name, ver.partition("@")[0], op, pinned=True, exact=op == "=" and _exactish(ver))
    return PackageSpec(word, name, pinned=False)


_Handler = Callable[[Word, str, tuple[Option, ...]], "PackageSpec"]


def _rpm(manager: Manager) -> _Handler:
    def handle(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
        local = _local(manager, v)
        if local is not None:
            return PackageSpec(word, v, kind=local, pinned=True)
        if v.startswith(("@", "pattern:")):
            return PackageSpec(word, v, kind="group", pinned=None)
        name, op, ver = _split_op(v, (">=", "<=", "==", "=", ">", "<"))
        if op:
            return PackageSpec(
                word, name.strip(), ver.strip(), op, pinned=True, exact=op in ("=", "==") and _exactish(ver)
            )
        if manager is Manager.ZYPPER:
            return PackageSpec(word, v, pinned=False)
        # name-version or name-version-release (NEVRA without epoch/arch): the version is the last
        # or second-to-last dash-separated part and starts with a digit. `java-11-openjdk` and
        # `python3-devel` are names.
        parts = v.split("-")
        if len(parts) >= 2 and parts[-1][:1].isdigit():
            k = len(parts) - 1
            if len(parts) >= 3 and _looks_like_version(parts[-2]):
                k = len(parts) - 2
            ver = "-".join(parts[k:])
            return PackageSpec(word, "-".join(parts[:k]), ver, "-", pinned=True, exact=_exactish(ver))
        return PackageSpec(word, v, pinned=False)

    return handle


def _looks_like_version(part: str) -> bool:
    """``1.2.3``, ``2.4.6``: a digit first and a dot inside (``11`` alone is often part of a name)."""
    return part[:1].isdigit() and "." in part


_PEP440_OPS = ("===", "==", "~=", "!=", "<=", ">=", "<", ">")


def _pip(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    req = v.partition(";")[0].strip()  # environment markers
    if req.startswith(("git+", "hg+", "svn+", "bzr+")):
        path = req.partition("://")[2].partition("#")[0]
        after_host = path.partition("/")[2]
        _, at, ref = after_host.rpartition("@")
        return PackageSpec(word, req, ref, "@" if at else "", kind="vcs", pinned=bool(at) and ref not in _FLOATING)
    name, at, rest = req.partition("@")
    if at and name and ("://" in rest or rest.strip().startswith("file:")):  # PEP 508 direct reference
        return PackageSpec(word, name.strip(), rest.strip(), "@", kind="url", pinned=True)
    local = _local(Manager.PIP, req)
    if local is not None:
        return PackageSpec(word, req, kind=local, pinned=True)
    name, op, ver = _split_op(req, _PEP440_OPS)
    name = name.strip()
    base = name.partition("[")[0]
    if op:
        exact = op in ("==", "===") and _exactish(ver) and "," not in ver
        return PackageSpec(word, base, ver.strip(), op, pinned=op != "!=" or "," in ver, exact=exact)
    return PackageSpec(word, base, pinned=False)


def _npm_like(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    """An npm-style spec; ``alias@npm:real@1.2`` installs ``real@1.2`` under the first name. A
    chain of aliases is followed in a loop (one recursion per ``@npm:`` ran out of stack on a
    3,000-link chain: every install rule's finding on that RUN was lost to a RecursionError)."""
    alias: str | None = None
    while True:
        got = _npm_one(word, v)
        if isinstance(got, PackageSpec):
            break
        name, v = got
        alias = name if alias is None else alias
    if alias is None:
        return got
    return PackageSpec(word, alias, got.version, got.operator, got.kind, got.pinned, got.exact)


def _npm_one(word: Word, v: str) -> PackageSpec | tuple[str, str]:
    """One npm spec, or (name, the rest) for an ``name@npm:rest`` alias."""
    if v.startswith(("git+", "git://", "git@", "github:", "gitlab:", "bitbucket:", "gist:")):
        return _npm_vcs(word, v)
    local = _local(Manager.NPM, v)
    if local is not None:
        return PackageSpec(word, v, kind=local, pinned=True)
    at = v.find("@", 1) if v.startswith("@") else v.find("@")
    if at < 0:
        if "/" in v and not v.startswith("@"):  # user/repo: a GitHub shorthand
            return _npm_vcs(word, v)
        return PackageSpec(word, v, pinned=False)
    name, spec = v[:at], v[at + 1 :]
    if spec.startswith("npm:"):  # alias@npm:real@1.2
        return name, spec[4:]
    if spec in _FLOATING:
        return PackageSpec(word, name, spec, "@", pinned=False)
    exact = _exactish(spec.lstrip("=v")) and spec.lstrip("=v")[:1].isdigit()
    return PackageSpec(word, name, spec, "@", pinned=True, exact=exact)


def _npm_vcs(word: Word, v: str) -> PackageSpec:
    """A git dependency: pinned by a ``#ref`` that is not a floating branch (``#semver:^1`` counts)."""
    _, hash_, ref = v.partition("#")
    return PackageSpec(word, v, ref, "#" if hash_ else "", kind="vcs", pinned=bool(hash_) and ref not in _FLOATING)


def _gem(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    local = _local(Manager.GEM, v)
    if local is not None:
        return PackageSpec(word, v, kind=local, pinned=True)
    name, colon, ver = v.partition(":")
    if colon and ver:
        return PackageSpec(word, name, ver, ":", pinned=True, exact=_exactish(ver.lstrip("=")))
    version = next((o.value for o in options if o.name in ("-v", "--version") and o.value), None)
    if version is not None:
        return PackageSpec(word, v, version, "-v", pinned=True, exact=_exactish(version.lstrip("=")))
    return PackageSpec(word, v, pinned=False)


def _go(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    if v.startswith((".", "/")) or v.endswith(".go") or v in ("tool", "all", "std", "cmd"):
        # local packages, or meta-patterns (`go install tool` installs the go.mod tool versions)
        return PackageSpec(word, v, kind="path", pinned=True)
    name, at, ver = v.rpartition("@")
    if not at:
        return PackageSpec(word, v, pinned=False)
    if ver in _FLOATING or ver in ("upgrade", "patch"):
        return PackageSpec(word, name, ver, "@", pinned=False)
    return PackageSpec(word, name, ver, "@", pinned=True, exact=ver.startswith("v") and _exactish(ver))


def _cargo(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    names = {o.name for o in options}
    name, at, ver = v.partition("@")
    if at and ver:
        return PackageSpec(
            word, name, ver, "@", pinned=True, exact=_exactish(ver.lstrip("=")) and ver[:1] in "=0123456789"
        )
    version = next((o.value for o in options if o.name in ("--version", "--vers") and o.value), None)
    if version is not None:
        return PackageSpec(word, v, version, "--version", pinned=True, exact=_exactish(version.lstrip("=")))
    if "--git" in names:
        return PackageSpec(word, v, kind="vcs", pinned=bool(names & {"--tag", "--rev"}))
    if "--path" in names:
        return PackageSpec(word, v, kind="path", pinned=True)
    return PackageSpec(word, v, pinned=False)


def _composer(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    name, op, ver = _split_op(v, (":", "=", " "))
    if op and ver:
        return PackageSpec(
            word,
            name,
            ver,
            op,
            pinned=ver not in ("*", "@dev", "dev-master"),
            exact=_exactish(ver) and ver[:1].isdigit(),
        )
    return PackageSpec(word, v, pinned=False)


def _bundle(word: Word, v: str, options: tuple[Option, ...]) -> PackageSpec:
    return PackageSpec(word, v, kind="group", pinned=None)  # bundle install [--with groups]: not packages


_HANDLERS: dict[Manager, _Handler] = {
    Manager.APT_GET: _apt,
    Manager.APT: _apt,
    Manager.APK: _apk,
    Manager.YUM: _rpm(Manager.YUM),
    Manager.DNF: _rpm(Manager.DNF),
    Manager.MICRODNF: _rpm(Manager.MICRODNF),
    Manager.ZYPPER: _rpm(Manager.ZYPPER),
    Manager.PIP: _pip,
    Manager.PIPX: _pip,
    Manager.UV_PIP: _pip,
    Manager.NPM: _npm_like,
    Manager.YARN: _npm_like,
    Manager.PNPM: _npm_like,
    Manager.GEM: _gem,
    Manager.GO: _go,
    Manager.BUNDLE: _bundle,
    Manager.COMPOSER: _composer,
    Manager.CARGO: _cargo,
}
