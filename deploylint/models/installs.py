"""Package installs: the one model of what a command installs, for every rule family.

:func:`package_installs` finds every package-manager invocation that installs something and
parses it into a :class:`PackageInstall`: which manager, which action, the options, the package
arguments as :class:`PackageSpec` (name, version, how it is pinned, whether it is a local file,
URL or VCS reference, or a variable we cannot see through), requirement files, and whether it
installs from a lockfile. Pinning rules (hadolint DL3008/DL3013/DL3016/DL3018/DL3028/DL3033/
DL3037/DL3041/DL3062 equivalents) and "npm ci instead of npm install" sit on this.

Semantics, per :class:`PackageSpec`:

* ``pinned`` is True when the argument names a version constraint (``pkg=1.2``, ``pkg==1.2``,
  ``pkg>=1.2``, ``pkg@^1.2``, ``pkg:1.2``, ``pkg-1.2.3``, ``gem -v 1.2``, ``go ...@v1.2``), or is
  not resolved from a registry at all (a local ``.deb``/``.rpm``/``.apk``/``.whl`` file, a path,
  a URL, a VCS reference with a ref). False when a registry package is named without a version
  (or with a floating tag such as ``@latest``). None when a variable hides the package name
  (``$PKGS``): rules should stay silent then.
* ``exact`` is True only for one exact version (``==1.2``, ``=1.2-1``, ``@1.2.3``, ``@v1.2.3``).
* ``kind`` is ``registry``, ``file``, ``path``, ``url``, ``vcs``, ``group`` or ``dynamic``.

:class:`Install` (below) is the view the Dockerfile rules DKR055/059-067 read through
:func:`run_installs`; its pinning answer is :func:`parse_spec`'s. One program table
(:data:`PROGRAMS`), one cache-folder table (:data:`CACHE_DIRS`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, cast

from deploylint.records import record
from deploylint.shell.model import Command, Option, Script, Word, parse_args
from deploylint.shell.options import value_options_for
from deploylint.source import Span
from deploylint.truth import ci_detected, env_flag

if TYPE_CHECKING:
    from deploylint.models.dockerfile import Run

__all__ = [
    "CACHE_DIRS",
    "INSTALL_ACTIONS",
    "OS_MANAGERS",
    "PROGRAMS",
    "Install",
    "Manager",
    "PackageInstall",
    "PackageSpec",
    "cache_cleaned",
    "cache_mounted",
    "cleaned_after",
    "covers",
    "env_for",
    "family",
    "frozen_in",
    "in_ci",
    "installs",
    "installs_of",
    "is_pinned",
    "manager_of",
    "package_install",
    "package_installs",
    "parse_spec",
    "pip_program",
    "pnpm_frozen",
    "program_manager",
    "run_installs",
    "toggle",
]


class Manager(enum.StrEnum):
    APT_GET = "apt-get"
    APT = "apt"
    APK = "apk"
    YUM = "yum"
    DNF = "dnf"
    MICRODNF = "microdnf"
    ZYPPER = "zypper"
    PIP = "pip"
    PIPX = "pipx"
    UV_PIP = "uv pip"
    NPM = "npm"
    YARN = "yarn"
    PNPM = "pnpm"
    GEM = "gem"
    GO = "go"
    BUNDLE = "bundle"
    COMPOSER = "composer"
    CARGO = "cargo"


#: Subcommands that install packages, per manager.
INSTALL_ACTIONS: dict[Manager, frozenset[str]] = {
    Manager.APT_GET: frozenset({"install", "reinstall"}),
    Manager.APT: frozenset({"install", "reinstall"}),
    Manager.APK: frozenset({"add"}),
    Manager.YUM: frozenset({"install", "reinstall", "localinstall", "groupinstall"}),
    Manager.DNF: frozenset({"install", "reinstall", "in", "groupinstall"}),
    Manager.MICRODNF: frozenset({"install", "reinstall"}),
    Manager.ZYPPER: frozenset({"install", "in"}),
    Manager.PIP: frozenset({"install"}),
    Manager.PIPX: frozenset({"install"}),
    Manager.UV_PIP: frozenset({"install", "sync"}),
    Manager.NPM: frozenset(
        {"install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add"}
        | {"install-test", "it"}  # install, then `npm test`
        | {"ci", "clean-install", "ic", "install-clean", "isntall-clean"}
        | {"install-ci-test", "cit", "clean-install-test", "sit"}  # ci, then `npm test`
    ),
    Manager.YARN: frozenset({"add", "install"}),
    Manager.PNPM: frozenset({"add", "install", "i"}),
    Manager.GEM: frozenset({"install", "i"}),
    Manager.GO: frozenset({"install"}),
    Manager.BUNDLE: frozenset({"install"}),
    Manager.COMPOSER: frozenset({"install", "require", "update", "i"}),
    Manager.CARGO: frozenset({"install"}),
}

_NPM_CI = frozenset(
    {
        "ci",
        "clean-install",
        "ic",
        "install-clean",
        "isntall-clean",
        "install-ci-test",
        "cit",
        "clean-install-test",
        "sit",
    }
)
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
#: options that make a bare ``yarn``/``bundle`` print something instead of installing
_INFO_FLAGS = frozenset({"--version", "-v", "--help", "-h"})
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

    @property
    def unpinned(self) -> bool:
        """A registry package named without any version: what pinning rules report."""
        return self.pinned is False and self.kind == "registry"


@record
class PackageInstall:
    """A package-manager invocation that installs (or syncs) packages.

    ``command`` is the effective command (wrappers such as ``sudo`` stripped), ``action`` the
    subcommand word (None for ``yarn``/``bundle`` run bare). ``from_manifest``: no package named,
    so the project's manifest/lockfile decides (``npm install``, ``pip install -r req.txt``,
    ``bundle install``). ``frozen``: the lockfile is enforced (``npm ci``, ``yarn install
    --frozen-lockfile``/``--immutable``, ``pnpm install --frozen-lockfile``, ``bundle install
    --frozen``/``--deployment``, ``composer install``, ``cargo install --locked``, ``pip install
    --require-hashes``, ``uv pip sync``). ``release`` is apt's target release (``-t``).
    """

    manager: Manager
    command: Command
    action: Word | None
    packages: tuple[PackageSpec, ...]
    options: tuple[Option, ...]
    requirement_files: tuple[Word, ...] = ()
    editables: tuple[Word, ...] = ()
    frozen: bool = False
    from_manifest: bool = False
    global_install: bool = False
    release: str | None = None
    upgrade: bool = False

    @property
    def span(self) -> Span:
        return self.command.span

    @property
    def package_words(self) -> tuple[Word, ...]:
        return tuple(p.word for p in self.packages)

    def unpinned(self) -> tuple[PackageSpec, ...]:
        """Registry packages named without a version (variables and local files excluded)."""
        return tuple(p for p in self.packages if p.unpinned)

    def has_option(self, *names: str) -> bool:
        """True if any of ``names`` was given (``-y``, ``--no-cache``; combined short flags count)."""
        return any(o.name in names for o in self.options)

    def option_value(self, *names: str) -> str | None:
        found = None
        for o in self.options:
            if o.name in names and o.value is not None:
                found = o.value
        return found

    def is_pinned(self, word: Word) -> bool | None:
        """Whether ``word`` (one of this command's package words) is pinned; see the module doc."""
        for p in self.packages:
            if p.word is word:
                return p.pinned
        return parse_spec(self.manager, word, self.options).pinned


# ---------------------------------------------------------------- detection


#: the package manager each program runs (``pip``, ``python -m pip`` and ``uv pip`` are found by
#: :func:`_manager_and_args`): the one table of program names, for Dockerfile and workflow rules alike
PROGRAMS: dict[str, Manager] = {
    "apt-get": Manager.APT_GET,
    "aptitude": Manager.APT_GET,
    "apt": Manager.APT,
    "apk": Manager.APK,
    "yum": Manager.YUM,
    "dnf": Manager.DNF,
    "dnf5": Manager.DNF,
    "tdnf": Manager.DNF,
    "microdnf": Manager.MICRODNF,
    "zypper": Manager.ZYPPER,
    "pipx": Manager.PIPX,
    "npm": Manager.NPM,
    "yarn": Manager.YARN,
    "yarnpkg": Manager.YARN,
    "pnpm": Manager.PNPM,
    "gem": Manager.GEM,
    "go": Manager.GO,
    "bundle": Manager.BUNDLE,
    "bundler": Manager.BUNDLE,
    "composer": Manager.COMPOSER,
    "composer.phar": Manager.COMPOSER,
    "cargo": Manager.CARGO,
}


def pip_program(name: str) -> bool:
    """pip, pip3, pip3.11, pip-3.8."""
    if not name.startswith("pip"):
        return False
    rest = name[3:].lstrip("-")
    return all(c.isdigit() or c == "." for c in rest)


def _python_name(name: str) -> bool:
    if not name.startswith("python"):
        return False
    rest = name[6:]
    return all(c.isdigit() or c == "." for c in rest)


def _manager_and_args(cmd: Command) -> tuple[Manager, tuple[Word, ...]] | None:
    """The manager a command runs and the words after the program (``pip`` for ``python -m pip``)."""
    name = cmd.command_name
    if name is None or cmd.name is None or cmd.name.has_expansion:
        return None
    args = cmd.args
    if name in ("go", "cargo"):
        pos = parse_args(args, value_options_for(name)).positionals
        return (PROGRAMS[name], args) if pos and pos[0].value == "install" else None
    if name in PROGRAMS:
        return PROGRAMS[name], args
    if pip_program(name):
        return Manager.PIP, args
    if _python_name(name):
        # python -m pip install ...; flags before -m (-I, -u, -B) are skipped
        for k, w in enumerate(args):
            v = w.value
            if v == "-m" and k + 1 < len(args) and args[k + 1].value == "pip":
                return Manager.PIP, args[k + 2 :]
            if v.startswith("-m") and v[2:] == "pip":
                return Manager.PIP, args[k + 1 :]
            if not v.startswith("-") or v in ("-c", "-"):
                return None
        return None
    if name == "uv":
        pos = parse_args(args, value_options_for("uv")).positionals
        if pos and pos[0].value == "pip":
            k = args.index(pos[0])
            return Manager.UV_PIP, args[k + 1 :]
        return None
    return None


_TABLE_NAME = {
    Manager.PIPX: "pip",
    Manager.UV_PIP: "uv",
    Manager.GO: "go",
    Manager.CARGO: "cargo",
}


def _value_options(manager: Manager) -> frozenset[str]:
    return value_options_for(_TABLE_NAME.get(manager, manager.value))


def package_install(cmd: Command) -> PackageInstall | None:
    """The install this command performs (wrappers looked through), or None."""
    eff = cmd.effective()
    hit = _manager_and_args(eff)
    if hit is None:
        return None
    manager, args = hit
    parsed = parse_args(args, _value_options(manager))
    pos = list(parsed.positionals)
    opts = parsed.options
    action: Word | None = None
    global_install = False
    if manager is Manager.YARN and pos and pos[0].value == "global":
        global_install = True
        pos.pop(0)
    if manager is Manager.COMPOSER and pos and pos[0].value == "global":
        global_install = True
        pos.pop(0)
    if pos:
        action = pos.pop(0)
    actions = INSTALL_ACTIONS[manager]
    if action is None:
        if manager not in (Manager.YARN, Manager.BUNDLE):
            return None  # `yarn` and `bundle` alone install; `apt-get` alone does nothing
        if any(o.name in _INFO_FLAGS for o in opts):
            return None  # `yarn --version`, `bundle --help`
    elif action.value not in actions:
        return None
    if manager is Manager.GO and action is not None:
        # `go install` args: skip build flags that take values (handled by the table)
        pass
    names = {o.name for o in opts}
    optvals = {o.name: o.value for o in opts}
    requirement_files: list[Word] = []
    editables: list[Word] = []
    for o in opts:
        vw = o.value_word
        if o.name in ("-r", "--requirement", "-c", "--constraint") and manager in (Manager.PIP, Manager.UV_PIP):
            requirement_files.append(vw or o.word)
        elif o.name in ("-e", "--editable") and manager in (Manager.PIP, Manager.UV_PIP):
            editables.append(vw or o.word)
    if manager is Manager.UV_PIP and action is not None and action.value == "sync":
        requirement_files.extend(pos)
        pos = []
    if manager is Manager.COMPOSER and action is not None and action.value in ("install", "i", "update"):
        pos = []  # composer install/update take package names only as filters
    specs = tuple(parse_spec(manager, w, opts) for w in pos)
    act = action.value if action is not None else ""
    frozen = _frozen(manager, act, names, optvals, eff)
    from_manifest = not specs and manager not in (Manager.GO, Manager.CARGO)
    if manager is Manager.CARGO and ("--path" in names or "--git" in names):
        from_manifest = False
    if manager in (Manager.NPM, Manager.PNPM):
        global_install = global_install or bool(names & {"-g", "--global"}) or optvals.get("--location") == "global"
    release = None
    if manager in (Manager.APT_GET, Manager.APT):
        release = optvals.get("-t") or optvals.get("--target-release") or optvals.get("--default-release")
        for o in opts:
            if o.name in ("-o", "--option") and o.value and o.value.startswith("APT::Default-Release="):
                release = o.value.partition("=")[2]
    upgrade = bool(names & {"-U", "--upgrade"}) if manager in (Manager.PIP, Manager.UV_PIP) else False
    return PackageInstall(
        manager=manager,
        command=eff,
        action=action,
        packages=specs,
        options=opts,
        requirement_files=tuple(requirement_files),
        editables=tuple(editables),
        frozen=frozen,
        from_manifest=from_manifest,
        global_install=global_install,
        release=release,
        upgrade=upgrade,
    )


def _frozen(manager: Manager, action: str, names: set[str], optvals: dict[str, str | None], cmd: Command) -> bool:
    env = {a.name: (a.value.value if a.value else "") for a in cmd.assignments}
    if manager is Manager.NPM:
        return action in _NPM_CI
    if manager is Manager.YARN:
        return action in ("", "install") and bool(names & {"--frozen-lockfile", "--immutable"})
    if manager is Manager.PNPM:
        return action in ("install", "i") and pnpm_frozen(names, env)
    if manager is Manager.BUNDLE:
        return bool(names & {"--frozen", "--deployment"}) or env.get("BUNDLE_FROZEN") == "true"
    if manager is Manager.COMPOSER:
        return action in ("install", "i")
    if manager is Manager.CARGO:
        return "--locked" in names
    if manager is Manager.PIP:
        return "--require-hashes" in names
    if manager is Manager.UV_PIP:
        return action == "sync" or "--require-hashes" in names
    return False


def in_ci(env: Mapping[str, str]) -> bool:
    """Whether tools that detect CI (pnpm, through ci-info) see one: ``CI`` set, and not ``false``."""
    return ci_detected(env.get("CI"))


def pnpm_frozen(options: Collection[str], env: Mapping[str, str]) -> bool:
    """``pnpm install`` sticks to the lockfile: ``--frozen-lockfile``, or under CI (where pnpm
    defaults to it) without ``--no-frozen-lockfile``."""
    if "--frozen-lockfile" in options:
        return True
    return in_ci(env) and "--no-frozen-lockfile" not in options


def frozen_in(install: PackageInstall, env: Mapping[str, str]) -> bool:
    """``install.frozen``, with ``env`` (variables set before the command, e.g. a Dockerfile's
    ENV) also in effect; the command's own assignments win."""
    if install.frozen or install.manager is not Manager.PNPM:
        return install.frozen
    merged = {**env, **{a.name: (a.value.value if a.value else "") for a in install.command.assignments}}
    act = install.action.value if install.action is not None else ""
    return act in ("install", "i") and pnpm_frozen({o.name for o in install.options}, merged)


def package_installs(script: Script | Iterable[Script]) -> tuple[PackageInstall, ...]:
    """Every install in a script (or several scripts), in source order. Cached per script."""
    scripts = (script,) if isinstance(script, Script) else tuple(script)
    out: list[PackageInstall] = []
    for s in scripts:
        cached: tuple[PackageInstall, ...] | None = s.cache.get("package_installs")  # type: ignore[assignment]
        if cached is None:
            found = []
            for c in s.commands:
                p = package_install(c)
                if p is not None:
                    found.append(p)
            cached = tuple(found)
            s.cache["package_installs"] = cached
        out.extend(cached)
    return tuple(out)


def installs_of(script: Script | Iterable[Script], *managers: Manager) -> tuple[PackageInstall, ...]:
    """:func:`package_installs` restricted to ``managers``."""
    wanted = set(managers)
    return tuple(p for p in package_installs(script) if p.manager in wanted)


# ---------------------------------------------------------------- package words


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
        inner = _npm_like(word, spec[4:], options)
        return PackageSpec(word, name, inner.version, inner.operator, inner.kind, inner.pinned, inner.exact)
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


def manager_of(cmd: Command) -> Manager | None:
    """The package manager a command runs (any subcommand), wrappers looked through."""
    hit = _manager_and_args(cmd.effective())
    return hit[0] if hit is not None else None


# ---------------------------------------------------------------- the Dockerfile view

OS_MANAGERS = frozenset({"apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"})
#: front ends of one package database: ``apt`` and ``apt-get`` share apt's index, ``yum`` is dnf on
#: current Fedora/RHEL and ``microdnf`` reads the same repositories
_FAMILY = {"apt": "apt-get", "yum": "dnf", "microdnf": "dnf"}


def family(manager: str) -> str:
    """The package database a canonical manager works on (``apt`` -> ``apt-get``, ``yum`` -> ``dnf``)."""
    return _FAMILY.get(manager, manager)


#: the verbs that install, by manager, and what each does (its aliases written out as the manager's
#: documentation lists them): ``install`` takes pinnable package names; ``module`` is dnf's
#: ``module install`` (a module stream is pinned as ``name:stream``); ``upgrade`` and ``reinstall``
#: fetch packages into the cache but take no version
_RPM_VERBS = {
    "install": "install",
    "in": "install",
    "reinstall": "reinstall",
    "rei": "reinstall",
    "upgrade": "upgrade",
    "up": "upgrade",
    "update": "upgrade",
    "upgrade-minimal": "upgrade",
    "up-min": "upgrade",
    "update-minimal": "upgrade",
}
_NPM_INSTALL = ("install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal")
_VERBS: dict[str, dict[str, str]] = {
    "apt-get": {"install": "install"},
    "apt": {"install": "install"},
    "apk": {"add": "install"},
    "yum": _RPM_VERBS,
    "dnf": _RPM_VERBS,
    "microdnf": _RPM_VERBS,
    "zypper": {"install": "install", "in": "install"},
    "pip": {"install": "install"},
    "pipx": {"install": "install"},
    "npm": dict.fromkeys(_NPM_INSTALL, "install"),
    "yarn": {"add": "install"},
    "pnpm": {"add": "install", "install": "install", "i": "install"},
    "uv pip": {"install": "install"},
    "gem": {"install": "install", "i": "install"},
    "go": {"install": "install", "get": "install", "run": "install"},
}
#: two-word verbs: (manager, first word) -> second word -> action
_VERB_PAIRS = {("yum", "module"): {"install": "module"}, ("dnf", "module"): {"install": "module"}}
_VERB_PAIRS[("microdnf", "module")] = _VERB_PAIRS[("dnf", "module")]
#: the option table (:func:`deploylint.shell.value_options_for`) each manager's arguments are read with
_OPTION_TABLE = {"pip": "pip", "pipx": "pip", "uv pip": "uv", "pnpm": "pnpm", "yarn": "yarn"}
_PIP_NAME = re.compile(r"python[0-9.]*|pip[0-9.]*")


@record
class Install:
    """One package-install command: ``manager`` is canonical (``apt-get``, ``apk``, ``pip``...)."""

    manager: Manager
    command: Command
    verb: Word
    packages: tuple[Word, ...]
    parsed_options: tuple[Option, ...]
    #: what the verb does: ``install``, ``module`` (dnf module install), ``upgrade``, ``reinstall``
    action: str = "install"

    @property
    def span(self) -> Span:
        return self.command.span

    @property
    def options(self) -> tuple[str, ...]:
        """The option names given (``-y``, ``--no-cache``)."""
        return tuple(o.name for o in self.parsed_options)

    @property
    def option_values(self) -> tuple[tuple[str, str | None], ...]:
        return tuple((o.name, o.value) for o in self.parsed_options)

    def has(self, *names: str) -> bool:
        return any(n in self.options for n in names)

    def value(self, *names: str) -> str | None:
        found = None
        for n, v in self.option_values:
            if n in names:
                found = v
        return found

    def unpinned(self) -> Iterator[PackageSpec]:
        """Package arguments without a version, leaving out what cannot carry one. The judgement
        is :func:`parse_spec`'s, the same for every rule family."""
        if self.action not in ("install", "module"):
            return
        if self.manager in ("apt-get", "apt") and self.has("-t", "--target-release", "--default-release"):
            return  # the release chosen for every package, as ``pkg/release`` chooses it for one
        if self.manager in _PIP_LIKE and self.has("-c", "--constraint"):
            return  # versions come from the constraints file
        for w in self.packages:
            spec = parse_spec(self.manager, w, self.parsed_options)
            if self.action == "module" and spec.kind == "registry":
                if ":" not in w.value:  # a module stream is chosen as ``name:stream``
                    yield spec
            elif spec.pinned is False:  # a registry name without a version, a VCS source without a ref
                yield spec


def program_manager(cmd: Command) -> Manager | None:
    """The package manager ``cmd``'s program is, by the one program table (:data:`PROGRAMS`);
    unlike :func:`manager_of`, ``python -m pip`` and ``uv pip`` are not looked into."""
    name = cmd.command_name or ""
    if name in PROGRAMS:
        return PROGRAMS[name]
    return Manager.PIP if pip_program(name) else None


def run_installs(run: Run) -> tuple[Install, ...]:
    """The installs of a Dockerfile ``RUN``, computed once and cached on it."""
    cached = cast("tuple[Install, ...] | None", run._cache.get("installs"))
    if cached is None:
        cached = tuple(installs(run.effective_commands, unwrapped=True))
        run._cache["installs"] = cached
    return cached


def installs(commands: Iterable[Command], *, unwrapped: bool = False) -> Iterator[Install]:
    """The package installs among ``commands`` (wrappers such as ``sudo`` looked through)."""
    for raw in commands:
        cmd = raw if unwrapped else raw.effective()
        words = cmd.args
        manager = program_manager(cmd)
        name = cmd.command_name or ""
        if manager is None and name.startswith("python") and _PIP_NAME.fullmatch(name):
            # python -m pip install ...
            vals = [w.value for w in words[:2]]
            if vals == ["-m", "pip"]:
                manager, words = Manager.PIP, words[2:]
        elif name == "uv" and words and words[0].value == "pip":
            # uv pip install ...: uv's pip interface, which reads pip's requirement syntax
            manager, words = Manager.UV_PIP, words[1:]
        if manager is None:
            continue
        parsed = parse_args(words, value_options_for(_OPTION_TABLE.get(manager, name)))
        pos = parsed.positionals
        if manager == "yarn" and len(pos) >= 2 and pos[0].value == "global":
            pos = pos[1:]
        if not pos:
            continue
        verbs = _VERBS.get(manager, {})
        pair = _VERB_PAIRS.get((manager, pos[0].value))
        if pair is not None and len(pos) >= 2 and pos[1].value in pair:
            action, verb, packages = pair[pos[1].value], pos[1], pos[2:]
        elif pos[0].value in verbs:
            action, verb, packages = verbs[pos[0].value], pos[0], pos[1:]
        else:
            continue
        if manager == "go" and verb.value == "run":
            packages = packages[:1]  # what follows the package is the program's own arguments
        yield Install(
            manager,
            cmd,
            verb,
            packages,
            parsed.options,
            action,
        )


#: managers that read pip's requirement syntax
_PIP_LIKE = ("pip", "pipx", "uv pip")


# -- caches ------------------------------------------------------------------------------------

#: the one table of cache folders (for every rule that asks whether a cache stays in a layer):
#: where each manager keeps what it downloads, as its documentation places it (apt's package
#: lists; apk's cache; dnf 4 and yum, dnf 5's libdnf5 and microdnf share the rpm caches; zypper's
#: zypp cache; pip's, yarn's and npm's per-user caches under root's home)
CACHE_DIRS: dict[str, tuple[str, ...]] = {
    "apt-get": ("/var/lib/apt/lists",),
    "apt": ("/var/lib/apt/lists",),
    "apk": ("/var/cache/apk",),
    "yum": ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"),
    "dnf": ("/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"),
    "microdnf": ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"),
    "zypper": ("/var/cache/zypp",),
    "pip": ("/root/.cache/pip",),
    "pipx": ("/root/.cache/pip",),
    "yarn": ("/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn/berry/cache"),
    "npm": ("/root/.npm",),
}
#: the programs whose ``clean`` subcommand empties a manager's cache: the front ends of one
#: package database clean each other's (``dnf install`` then ``microdnf clean all``)
_CLEANERS: dict[str, tuple[str, ...]] = {
    "yum": ("yum", "dnf", "dnf5", "microdnf", "tdnf"),
    "dnf": ("yum", "dnf", "dnf5", "microdnf", "tdnf"),
    "microdnf": ("yum", "dnf", "dnf5", "microdnf", "tdnf"),
    "zypper": ("zypper",),
    "apk": ("apk",),
    "yarn": ("yarn",),
    "npm": ("npm",),
}
#: managers whose clean is a ``cache`` subcommand (``yarn cache clean``, ``npm cache clean``)
_CACHE_SUBCOMMAND = frozenset({"yarn", "npm", "apk"})
#: the clean subcommands (zypper's ``cc`` alias, ``apk cache clean``)
_CLEAN_WORDS = {"clean", "cc"}


def covers(target: str, directory: str) -> bool:
    """Whether a mount at ``target`` holds ``directory`` (the folder itself or one above it)."""
    t = target.rstrip("/") or "/"
    return directory == t or directory.startswith(t + "/")


#: the cache folder under any user's home (``/home/app/.cache/pip``), for mounts and ``rm``
_USER_CACHE: dict[str, str] = {"pip": ".cache/pip", "pipx": ".cache/pip", "yarn": ".cache/yarn", "npm": ".npm"}


def _holds(target: str, manager: str) -> bool:
    suffix = _USER_CACHE.get(manager)
    if suffix is not None and (target.rstrip("/").endswith("/" + suffix) or target.rstrip("/").endswith(".cache")):
        return True
    return any(covers(target, d) for d in CACHE_DIRS.get(manager, ()))


def cache_mounted(run: Run, manager: str) -> bool:
    """A ``--mount=type=cache`` or ``type=tmpfs`` of the RUN holds the manager's cache folder,
    so what the manager downloads never reaches the layer."""
    return any(m.type in ("cache", "tmpfs") and m.target and _holds(m.target, manager) for m in run.mounts)


def cache_cleaned(run: Run, inst: Install) -> bool:
    """The RUN keeps no cache of ``inst``: a cache or tmpfs mount holds the cache folder, or a
    command after the install removes that folder (``rm -rf /var/lib/apt/lists/*``) or runs the
    manager's clean (``dnf clean all``, ``zypper cc``, ``yarn cache clean``). A clean before the
    install does not count: the install fills the cache again."""
    return cache_mounted(run, inst.manager) or cleaned_after(run, inst.manager, inst.command)


def cleaned_after(run: Run, manager: str, command: Command) -> bool:
    """A command of the RUN after ``command`` removes ``manager``'s cache folder or cleans it."""
    dirs = CACHE_DIRS.get(manager, ())
    suffix = _USER_CACHE.get(manager)
    cleaners = _CLEANERS.get(manager, ())
    after = False
    for cmd in run.effective_commands:
        if cmd is command:
            after = True
            continue
        if not after:
            continue
        name = cmd.command_name
        if name == "rm" and any(
            a.value.startswith(dirs) or (suffix is not None and suffix in a.value) for a in cmd.args
        ):
            return True
        words = {a.value for a in cmd.args}
        if name in cleaners and words & _CLEAN_WORDS and (manager not in _CACHE_SUBCOMMAND or "cache" in words):
            return True
    return False


# -- environment toggles ---------------------------------------------------------------------

#: a boolean environment setting as pip and most tools read it: see :mod:`deploylint.truth`
toggle = env_flag


def env_for(run: Run, command: Command, name: str, env: Mapping[str, str]) -> str | None:
    """The value of variable ``name`` that ``command`` runs with: its own ``NAME=value`` prefix,
    else the last ``export NAME=value`` before it in the RUN, else ``env`` (the ENV in effect)."""
    for a in command.assignments:
        if a.name == name:
            return str(a.value.value) if a.value is not None else ""
    found = env.get(name)
    for cmd in run.effective_commands:
        if cmd is command:
            break
        if cmd.command_name in ("export", "declare", "typeset"):
            for w in cmd.args:
                key, sep, value = w.value.partition("=")
                if sep and key == name:
                    found = value
    return found
