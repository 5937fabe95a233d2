"""Selection: which rules run on which file, at which severity, with which options.

One object computed from the settings and the registry; a pool worker receives it whole
(:meth:`Selection.for_worker`), so a new selection field is one edit here.
"""

from __future__ import annotations

from deploylint.engine.artifacts import INTERNAL_ERROR, UsageError
from deploylint.findings import Severity
from deploylint.kinds import Kind, glob_match, is_parse_rule
from deploylint.options import OptionsError, validate_options
from deploylint.registry import AnyRule, Registry, Status
from deploylint.settings import Settings


class Selection:
    """Which rules run where, at which severity, with which options."""

    def __init__(self, registry: Registry, settings: Settings) -> None:
        from deploylint.registry import SelectorError

        self.registry = registry
        self.settings = settings
        #: rules_for results by (kind, rules off for the path, registry size: a sniffed file can load
        #: another kind's rules during the scan)
        self._rules_cache: dict[tuple[Kind, frozenset[str], int], list[AnyRule]] = {}
        #: phases_for results by the id of the rules_for list they split (kept alive by _rules_cache)
        self._split_cache: dict[int, tuple[list[AnyRule], list[AnyRule], list[AnyRule]]] = {}
        try:
            if settings.select is None:
                enabled = {r.id for r in registry if r.meta.status is not Status.PREVIEW or settings.preview}
            else:
                enabled = registry.resolve_all(settings.select)
            enabled |= registry.resolve_all(settings.extend_select)
            if not settings.preview:
                # a prefix, tag or ALL never switches on preview rules; naming one does
                named = {
                    rid for sel in [*(settings.select or []), *settings.extend_select] for rid in registry.named(sel)
                }
                enabled -= {r.id for r in registry if r.meta.status is Status.PREVIEW and r.id not in named}
            enabled -= registry.resolve_all(settings.ignore)
            #: parse-error rules (``DKR000``...) the ignore list names exactly: they are otherwise
            #: always reported, so a prefix such as ``--ignore DKR`` never hides a broken file
            self.ignored_parse_errors = frozenset(
                rid for sel in settings.ignore for rid in registry.named(sel) if is_parse_rule(rid)
            )
            for key, on in settings.rule_enabled.items():
                ids = registry.resolve_all([key])
                enabled = enabled | ids if on else enabled - ids
            self.severity: dict[str, Severity] = {}
            for r in registry:
                sev = r.meta.severity
                if settings.preset == "strict" and "hardening" in r.meta.tags and sev is Severity.INFO:
                    sev = Severity.WARNING
                self.severity[r.id] = sev
            for key, sev in settings.severity.items():
                for rid in registry.resolve_all([key]):
                    self.severity[rid] = sev
            self.file_ignores = [(g, registry.resolve_all(sels)) for g, sels in settings.per_file_ignores.items()]
            self.rule_ignores = [(registry.resolve_all([k]), globs) for k, globs in settings.rule_ignores.items()]
            raw_options: dict[str, dict[str, object]] = {}
            for key, opts in settings.rule_options.items():
                for rid in registry.resolve_all([key]):
                    raw_options.setdefault(rid, {}).update(opts)
        except SelectorError as exc:
            raise UsageError(str(exc)) from None
        enabled.add(INTERNAL_ERROR)
        self.enabled = enabled
        self.options: dict[str, object] = {}
        for rid in sorted(enabled | set(raw_options)):
            found = registry.rules.get(rid)
            if found is None:
                continue
            try:
                self.options[rid] = validate_options(found.meta.options_model, raw_options.get(rid, {}), rid)
            except OptionsError as exc:
                raise UsageError(str(exc)) from None

    def disabled_for(self, relpath: str) -> set[str]:
        off: set[str] = set()
        own = self.settings.own_path(relpath)  # config globs are relative to the config's folder
        if own is None:
            return off
        for glob, ids in self.file_ignores:
            if glob_match(own, glob):
                off |= ids
        for ids, globs in self.rule_ignores:
            if any(glob_match(own, g) for g in globs):
                off |= ids
        return off

    #: attributes that are not the selection's own state (a worker has its own registry and cache)
    _NOT_STATE = frozenset({"registry", "settings", "_rules_cache", "_split_cache"})

    def state(self) -> dict[str, object]:
        """Everything the selection computed, for a pool worker (:meth:`restored`): every field set
        in ``__init__`` goes, so adding one needs no other edit."""
        return {k: v for k, v in vars(self).items() if k not in self._NOT_STATE}

    @classmethod
    def restored(cls, registry: Registry, settings: Settings, state: dict[str, object]) -> Selection:
        """A selection computed elsewhere (a pool worker receives the main process's :meth:`state`)."""
        self = cls.__new__(cls)
        self.registry = registry
        self.settings = settings
        self._rules_cache = {}
        self._split_cache = {}
        vars(self).update(state)
        return self

    def phases_for(self, kind: Kind, relpath: str) -> tuple[list[AnyRule], list[AnyRule]]:
        """:meth:`rules_for` in two lists: the rules that run while the file is scanned, and those
        declared ``needs_project`` that run once the project is linked."""
        rules = self.rules_for(kind, relpath)
        got = self._split_cache.get(id(rules))
        if got is None or got[0] is not rules:
            split = ([r for r in rules if not r.meta.needs_project], [r for r in rules if r.meta.needs_project])
            got = self._split_cache[id(rules)] = (rules, *split)
        return got[1], got[2]

    def rules_for(self, kind: Kind, relpath: str) -> list[AnyRule]:
        off = frozenset(self.disabled_for(relpath))
        key = (kind, off, len(self.registry))
        got = self._rules_cache.get(key)
        if got is None:
            got = self._rules_cache[key] = [
                r
                for r in self.registry
                if kind in r.meta.kinds and r.id in self.enabled and r.id not in off and not is_parse_rule(r.id)
            ]
        return got
