"""Package installs over parsed shell commands: manager, packages and whether each is pinned.

What a command installs, with which manager, and whether each package is pinned. Built on the
shared shell layer (:mod:`deploylint.shell`), so it serves Dockerfile ``RUN`` and workflow
``run:`` scripts alike. The pinning tests follow each manager's own version syntax and leave alone
what cannot be pinned that way: local files (``./x.deb``, ``/tmp/x.apk``, ``pkg.rpm``), URLs,
requirement files and values taken from variables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, cast

from deploylint.records import record
from deploylint.shell import Command, Option, Word, parse_args, value_options_for
from deploylint.shell.facts import PROGRAMS, Manager, PackageSpec, parse_spec, pip_program
from deploylint.source import Span

if TYPE_CHECKING:
    from deploylint.models.dockerfile import Run

__all__ = [
    "CACHE_DIRS",
    "OS_MANAGERS",
    "Install",
    "cache_cleaned",
    "cache_mounted",
    "cleaned_after",
    "covers",
    "env_for",
    "family",
    "installs",
    "manager_of",
    "run_installs",
    "toggle",
]

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
        is :func:`deploylint.shell.facts.parse_spec`'s, the same for every rule family."""
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


def manager_of(cmd: Command) -> Manager | None:
    """The package manager ``cmd`` runs, by the one program table (:data:`PROGRAMS`)."""
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
        manager = manager_of(cmd)
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

_TRUE = frozenset({"1", "true", "yes", "on", "y"})
_FALSE = frozenset({"0", "false", "no", "off", "n", ""})


def toggle(value: str | None) -> bool | None:
    """A boolean environment setting as pip and most tools read it; None when unset or unclear."""
    if value is None:
        return None
    low = value.strip().strip("\"'").lower()
    return True if low in _TRUE else False if low in _FALSE else None


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
