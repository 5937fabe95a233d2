"""Read a ``.hadolint.yaml`` so that hadolint users can switch without rewriting their config.

hadolint's keys are mapped onto ours through rule aliases:

==========================  ==========================================================
hadolint                    deploylint
==========================  ==========================================================
``ignored: [DL3008]``       ``ignore = ["DL3008"]`` (the alias selects DKR059)
``override: {error: [..]}``  ``severity = {"DL3015" = "error"}`` (``style`` -> info); a rule
                            that is off by default (DL1001) is also switched on
``failure-threshold``       ``fail-on`` (``style`` -> info, ``ignore``/``none`` -> never)
``no-fail: true``           ``fail-on = "never"``
``trustedRegistries``       ``[rules.DKR026.options] trusted-registries``
``disable-ignore-pragma``   ``--no-ignores``
==========================  ==========================================================

Other keys (``format``, ``no-color``, ``label-schema``, ``strict-labels``) have no counterpart
and are skipped, as are codes no deploylint rule carries (ShellCheck's ``SC2086``, the
label-schema rules). Each file uses the nearest ``.hadolint.yaml`` above it, up to the repository
root (:mod:`deploylint.config.tree`); the deploylint config, when there is one, is applied after it
and wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from deploylint.settings import Settings

NAMES = (".hadolint.yaml", ".hadolint.yml")
_SEVERITY = {"error": "error", "warning": "warning", "info": "info", "style": "info"}
_THRESHOLD = {
    "error": "error",
    "warning": "warning",
    "info": "info",
    "style": "info",
    "ignore": "never",
    "none": "never",
}
#: hadolint rules that are off unless their severity is overridden
_OPT_IN = frozenset({"DL1001", "DL3057"})


def hadolint_in(folder: Path) -> Path | None:
    """The ``.hadolint.yaml``/``.hadolint.yml`` in ``folder`` itself, if any."""
    for name in NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def find_hadolint(start: Path) -> Path | None:
    """The nearest ``.hadolint.yaml``/``.hadolint.yml`` from ``start`` up to the repository root."""
    from deploylint.config.loader import walk_up

    return walk_up(start, hadolint_in)


#: hadolint's label-schema value types, which are our required-labels forms too
_LABEL_FORMS = frozenset({"text", "url", "rfc3339", "spdx", "hash", "semver", "email"})


def _codes(value: object) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def map_hadolint(data: Mapping[object, object], known: Callable[[str], bool]) -> tuple[dict[str, object], bool]:
    """Our raw config (``[tool.deploylint]`` keys) for hadolint's ``data``, and ``no_ignores``.

    ``known`` tells whether a code names a deploylint rule; unknown codes are dropped.
    """
    out: dict[str, object] = {}
    ignored = [c for c in _codes(data.get("ignored")) if known(c)]
    if ignored:
        out["ignore"] = ignored
    override = data.get("override")
    severity: dict[str, str] = {}
    extend: list[str] = []
    if isinstance(override, dict):
        for level, codes in override.items():
            sev = _SEVERITY.get(str(level).lower())
            for code in _codes(codes):
                if sev is not None and known(code):
                    severity[code] = sev
                    if code.upper() in _OPT_IN:
                        extend.append(code)
    if severity:
        out["severity"] = severity
    if extend:
        out["extend-select"] = extend
    threshold = data.get("failure-threshold")
    if isinstance(threshold, str) and threshold.lower() in _THRESHOLD:
        out["fail-on"] = _THRESHOLD[threshold.lower()]
    if data.get("no-fail") is True:
        out["fail-on"] = "never"
    registries = _codes(data.get("trustedRegistries"))
    if registries and known("DL3026"):
        out["rules"] = {"DL3026": {"options": {"trusted-registries": registries}}}
    schema = data.get("label-schema")
    if isinstance(schema, dict) and schema:
        forms = {str(k): str(v) for k, v in schema.items() if str(v) in _LABEL_FORMS}
        if forms:
            section: dict[str, object] = {"required-labels": forms}
            if data.get("strict-labels") is True:
                section["strict-labels"] = True
            out["dockerfile"] = section
    return out, data.get("disable-ignore-pragma") is True


def apply_hadolint_file(settings: Settings, path: Path) -> None:
    """Apply the hadolint config at ``path`` to ``settings``."""
    from deploylint.config.loader import ConfigError, apply_config, load_yaml_config, parse_config
    from deploylint.kinds import Kind
    from deploylint.registry import Registry

    try:
        from deploylint.paths import read_side_text

        text = read_side_text(path.resolve())  # never blocks on a FIFO, nor reads without bound
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read hadolint config: {exc}") from None
    data = load_yaml_config(path, text, "cannot read hadolint config")
    if data is None:
        return
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the hadolint config must be a mapping")
    registry = Registry.discover([Kind.DOCKERFILE])
    raw, no_ignores = map_hadolint(data, lambda code: registry.get(code) is not None)
    apply_config(settings, parse_config(raw, str(path)))
    if no_ignores:
        settings.no_ignores = True
