"""Package installs: the one model of what a shell command installs, for every rule family.

:func:`package_install` reads a command (a Dockerfile ``RUN``'s, a workflow ``run:``'s) into a
:class:`PackageInstall`, or None when it installs nothing: which manager runs (by the one program
table, :data:`~deploylint.models.installs_table.PROGRAMS`), which verb, and what the verb does
(:class:`~deploylint.models.installs_table.Action`, by the one verb table,
:data:`~deploylint.models.installs_table.VERBS`), the options, the package arguments as
:class:`~deploylint.models.installs_specs.PackageSpec` (name, version, how it is pinned), the
requirement files, and whether the lockfile is enforced. Every rule asks this record: the
pinning rules (DKR059, DKR060), the prompt, cache and recommends rules (DKR061-064), the
Node install rules (DKR004-007, DKR014, through :mod:`deploylint.models.installs_manifest`),
GHA003 and PRJ001.

The record's neighbours: :mod:`~deploylint.models.installs_table` (managers, programs, verbs),
:mod:`~deploylint.models.installs_specs` (what one package argument pins, per manager),
:mod:`~deploylint.models.installs_cache` (cache folders in a Dockerfile layer) and
:mod:`~deploylint.models.installs_manifest` (installs from a project's manifest).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, cast

from deploylint.models.installs_specs import PackageSpec, is_pinned, parse_spec
from deploylint.models.installs_table import (
    BARE_INSTALL,
    GLOBAL_PREFIX,
    OS_MANAGERS,
    PINNABLE,
    PROGRAMS,
    VERB_PAIRS,
    VERBS,
    Action,
    Manager,
    family,
    identify,
    option_table,
    pip_program,
)
from deploylint.records import record
from deploylint.shell.model import Command, Option, Script, Word, parse_args
from deploylint.source import Span
from deploylint.truth import ci_detected

if TYPE_CHECKING:
    from deploylint.models.dockerfile import Run

__all__ = [
    "OS_MANAGERS",
    "PROGRAMS",
    "VERBS",
    "Action",
    "Manager",
    "PackageInstall",
    "PackageSpec",
    "family",
    "frozen_in",
    "in_ci",
    "installs_of",
    "is_pinned",
    "manager_of",
    "package_install",
    "package_installs",
    "parse_spec",
    "pip_program",
    "pnpm_frozen",
    "run_installs",
]

#: options that make a bare ``yarn``/``bundle`` print something instead of installing
_INFO_FLAGS = frozenset({"--version", "-v", "--help", "-h"})
#: managers that read pip's requirement syntax
_PIP_LIKE = frozenset({Manager.PIP, Manager.PIPX, Manager.UV_PIP})
#: managers that take requirement (``-r``/``-c``) and editable (``-e``) options
_REQUIREMENTS = frozenset({Manager.PIP, Manager.UV_PIP})
#: managers that install no project manifest when no package is named
_NO_MANIFEST = OS_MANAGERS | {Manager.GO, Manager.CARGO}


@record
class PackageInstall:
    """A package-manager command that installs (or syncs, upgrades, reinstalls) packages.

    ``command`` is the effective command (wrappers such as ``sudo`` stripped); ``verb`` the verb
    word (``install``, ``add``, ``ci``; ``install`` of ``dnf module install``; None for ``yarn``
    or ``bundle`` run bare) and ``action`` what it does. ``from_manifest``: an install that names
    no package, so the project's manifest or lockfile decides (``npm install``, ``pip install -r
    req.txt``, ``bundle install``). ``frozen``: the lockfile is enforced (``npm ci``, ``yarn
    install --frozen-lockfile``/``--immutable``, ``pnpm install --frozen-lockfile``, ``bundle
    install --frozen``/``--deployment``, ``composer install``, ``cargo install --locked``, ``pip
    install --require-hashes``, ``uv pip sync``). ``release`` is apt's target release (``-t``).
    """

    manager: Manager
    command: Command
    verb: Word | None
    action: Action
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

    def has_option(self, *names: str) -> bool:
        """True if any of ``names`` was given (``-y``, ``--no-cache``; combined short flags count)."""
        return any(o.name in names for o in self.options)

    def option_value(self, *names: str) -> str | None:
        """The value of the last of ``names`` given with one."""
        found = None
        for o in self.options:
            if o.name in names and o.value is not None:
                found = o.value
        return found

    def unpinned(self) -> Iterator[PackageSpec]:
        """The package arguments without a version, leaving out what cannot carry one: the
        arguments of a verb that takes no version (``reinstall``, ``upgrade``), packages whose
        version a release (``apt-get -t``) or a constraints file (``pip -c``) chooses, variables
        and local files. A VCS source without a ref counts; a dnf module without a ``:stream``."""
        if self.action not in PINNABLE or self.release is not None:
            return
        if self.manager in _PIP_LIKE and self.has_option("-c", "--constraint"):
            return
        for spec in self.packages:
            if self.action is Action.MODULE:
                if spec.kind == "registry" and ":" not in spec.word.value:
                    yield spec
            elif spec.pinned is False:
                yield spec


def manager_of(cmd: Command) -> Manager | None:
    """The package manager ``cmd`` runs (any subcommand), wrappers looked through."""
    hit = identify(cmd.effective())
    return hit[0] if hit is not None else None


def _verb(manager: Manager, pos: list[Word]) -> tuple[Word, Action] | None:
    """The verb at the head of ``pos`` (taken off it) and what it does; None when the command
    installs nothing."""
    pair = VERB_PAIRS.get((manager, pos[0].value))
    if pair is not None and len(pos) >= 2 and pos[1].value in pair:
        verb = pos[1]
        del pos[:2]
        return verb, pair[verb.value]
    action = VERBS[manager].get(pos[0].value)
    if action is None:
        return None
    return pos.pop(0), action


def package_install(cmd: Command) -> PackageInstall | None:
    """The install ``cmd`` performs (wrappers looked through), or None."""
    eff = cmd.effective()
    hit = identify(eff)
    if hit is None:
        return None
    manager, args = hit
    parsed = parse_args(args, option_table(manager))
    pos = list(parsed.positionals)
    opts = parsed.options
    global_install = False
    if manager in GLOBAL_PREFIX and pos and pos[0].value == "global":
        global_install = True
        pos.pop(0)
    verb: Word | None = None
    if pos:
        found = _verb(manager, pos)
        if found is None:
            return None
        verb, action = found
    elif manager in BARE_INSTALL and not any(o.name in _INFO_FLAGS for o in opts):
        action = Action.INSTALL  # `yarn` and `bundle` alone install; `apt-get` alone does nothing
    else:
        return None
    names = {o.name for o in opts}
    optvals = {o.name: o.value for o in opts}
    requirement_files: list[Word] = []
    editables: list[Word] = []
    if manager in _REQUIREMENTS:
        for o in opts:
            if o.name in ("-r", "--requirement", "-c", "--constraint"):
                requirement_files.append(o.value_word or o.word)
            elif o.name in ("-e", "--editable"):
                editables.append(o.value_word or o.word)
    if action is Action.RUN:
        pos = pos[:1]  # what follows the package is the program's own arguments
    elif manager is Manager.UV_PIP and action is Action.LOCKED:
        requirement_files.extend(pos)  # uv pip sync requirements.txt
        pos = []
    elif manager is Manager.COMPOSER and action in (Action.INSTALL, Action.UPGRADE):
        pos = []  # composer install/update take package names only as filters
    if action is Action.GROUP:  # group names, not packages: no version to pin
        specs = tuple(PackageSpec(w, w.value, kind="group", pinned=None) for w in pos)
    elif manager is Manager.BUNDLE and action is Action.ADD:  # `bundle add rails -v 7.1`: gems, as gem names them
        specs = tuple(parse_spec(Manager.GEM, w, opts) for w in pos)
    else:
        specs = tuple(parse_spec(manager, w, opts) for w in pos)
    from_manifest = not specs and action in (Action.INSTALL, Action.LOCKED) and manager not in _NO_MANIFEST
    if manager in (Manager.NPM, Manager.PNPM):
        global_install = global_install or bool(names & {"-g", "--global"}) or optvals.get("--location") == "global"
    release = None
    if manager in (Manager.APT_GET, Manager.APT):
        release = optvals.get("-t") or optvals.get("--target-release") or optvals.get("--default-release")
        for o in opts:
            if o.name in ("-o", "--option") and o.value and o.value.startswith("APT::Default-Release="):
                release = o.value.partition("=")[2]
    return PackageInstall(
        manager=manager,
        command=eff,
        verb=verb,
        action=action,
        packages=specs,
        options=opts,
        requirement_files=tuple(requirement_files),
        editables=tuple(editables),
        frozen=_frozen(manager, action, names, eff),
        from_manifest=from_manifest,
        global_install=global_install,
        release=release,
        upgrade=manager in _REQUIREMENTS and bool(names & {"-U", "--upgrade"}),
    )


def _assignments(cmd: Command) -> dict[str, str]:
    return {a.name: (a.value.value if a.value else "") for a in cmd.assignments}


def _frozen(manager: Manager, action: Action, names: set[str], cmd: Command) -> bool:
    if manager is Manager.NPM:
        return action is Action.LOCKED
    if manager is Manager.YARN:
        return action is Action.INSTALL and bool(names & {"--frozen-lockfile", "--immutable"})
    if manager is Manager.PNPM:
        return action is Action.INSTALL and pnpm_frozen(names, _assignments(cmd))
    if manager is Manager.BUNDLE:
        return bool(names & {"--frozen", "--deployment"}) or _assignments(cmd).get("BUNDLE_FROZEN") == "true"
    if manager is Manager.COMPOSER:
        return action is Action.INSTALL
    if manager is Manager.CARGO:
        return "--locked" in names
    if manager is Manager.PIP:
        return "--require-hashes" in names
    if manager is Manager.UV_PIP:
        return action is Action.LOCKED or "--require-hashes" in names
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
    merged = {**env, **_assignments(install.command)}
    return install.action is Action.INSTALL and pnpm_frozen({o.name for o in install.options}, merged)


# ---------------------------------------------------------------- where installs are asked for


def package_installs(script: Script | Iterable[Script]) -> tuple[PackageInstall, ...]:
    """Every install in a script (or several scripts), in source order. Cached per script."""
    scripts = (script,) if isinstance(script, Script) else tuple(script)
    out: list[PackageInstall] = []
    for s in scripts:
        cached = cast("tuple[PackageInstall, ...] | None", s.cache.get("package_installs"))
        if cached is None:
            cached = tuple(p for c in s.commands if (p := package_install(c)) is not None)
            s.cache["package_installs"] = cached
        out.extend(cached)
    return tuple(out)


def installs_of(script: Script | Iterable[Script], *managers: Manager) -> tuple[PackageInstall, ...]:
    """:func:`package_installs` restricted to ``managers``."""
    wanted = set(managers)
    return tuple(p for p in package_installs(script) if p.manager in wanted)


def run_installs(run: Run) -> tuple[PackageInstall, ...]:
    """The installs of a Dockerfile ``RUN``, computed once and cached on it. Each install's
    ``command`` is the very object of ``run.effective_commands``, so rules can place it among
    the RUN's other commands (what comes after it, by identity)."""
    cached = cast("tuple[PackageInstall, ...] | None", run._cache.get("installs"))
    if cached is None:
        cached = tuple(p for c in run.effective_commands if (p := package_install(c)) is not None)
        run._cache["installs"] = cached
    return cached
