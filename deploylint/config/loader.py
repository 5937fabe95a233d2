"""Find and load the config file, and merge it into Settings."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.findings import Severity
from deploylint.paths import read_side_text, resolve
from deploylint.settings import DEFAULT_MAX_FILE_SIZE, Settings

if TYPE_CHECKING:
    from deploylint.config.schema import Config

CONFIG_NAMES = (".deploylint.yaml", ".deploylint.yml", ".deploylint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A config problem: exit code 2."""


#: the largest YAML config (``.deploylint.yaml``, ``.hadolint.yaml``) read: about 20,000 list
#: items, read in half a second; a TOML config may be as large as any side file
YAML_CONFIG_LIMIT = 256 * 1024


def load_yaml_config(path: Path, text: str, what: str = "invalid YAML") -> object:
    """The data of a YAML config file (``safe_load``), or a one-line ConfigError.

    A config file is input like any other: it is composed first by the linter's own YAML layer,
    which refuses nesting deeper than its limit and an alias expansion past its budget with a
    positioned message (``safe_load`` alone recursed into a traceback on 5,000 levels, and a
    billion-laughs file grew to gigabytes once its values were walked)."""
    import yaml

    from deploylint.parsers._yaml import load_yaml
    from deploylint.source import SourceFile

    if len(text) > YAML_CONFIG_LIMIT:  # composed twice in pure Python: 2.9 MB of list took 10 s
        raise ConfigError(
            f"{path}: {what}: {len(text):,} characters, above the {YAML_CONFIG_LIMIT:,} a YAML config may hold"
        )
    doc = load_yaml(SourceFile(path, text))
    if doc.errors:
        first = doc.errors[0]
        raise ConfigError(f"{path}:{first.span.start_line}:{first.span.start_col}: {what}: {first.message}")
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError) as exc:
        raise ConfigError(f"{path}: {what}: {' '.join(str(exc).split())}") from None


def _has_tool_section(pyproject: Path) -> bool:
    import tomllib

    try:
        text = read_side_text(pyproject.resolve())  # never blocks on a FIFO, nor reads without bound
    except (OSError, UnicodeDecodeError):
        return False
    if "deploylint" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(data.get("tool"), dict) and "deploylint" in data["tool"]


def config_in(folder: Path) -> Path | None:
    """The deploylint config file in ``folder`` itself, if any (YAML, then TOML, then pyproject.toml)."""
    found = [folder / n for n in CONFIG_NAMES if (folder / n).is_file()]
    found = [p for p in found if p.name != "pyproject.toml" or _has_tool_section(p)]
    if not found:
        return None
    yaml_ones = [p for p in found if p.suffix in (".yaml", ".yml")]
    if yaml_ones and len(found) > 1:
        others = ", ".join(p.name for p in found if p is not yaml_ones[0])
        print(f"deploylint: {yaml_ones[0].name} takes precedence over {others}", file=sys.stderr)
    return found[0]


def walk_up(start: Path, look: Callable[[Path], Path | None]) -> Path | None:
    """The first ``look(folder)`` found from ``start`` (a file or folder) up to the repository root."""
    here = resolve(start)
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        found = look(folder)
        if found is not None:
            return found
        if (folder / ".git").exists():
            return None
    return None


def find_config(start: Path) -> Path | None:
    """The nearest config file walking up from ``start`` (a file or folder)."""
    return walk_up(start, config_in)


def read_raw(path: Path) -> dict[str, object]:
    try:
        text = read_side_text(path.resolve())  # never blocks on a FIFO, nor reads without bound
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    data: object
    if path.suffix in (".yaml", ".yml"):
        data = load_yaml_config(path, text)
        data = {} if data is None else data
    else:
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{path}: invalid TOML: it nests too deeply to read") from None
        if path.name == "pyproject.toml":
            tool = data.get("tool", {})
            if not isinstance(tool, dict):  # ``tool = 3``: was an AttributeError traceback
                raise ConfigError(f"{path}: tool must be a table")
            data = tool.get("deploylint", {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping")
    return data


def parse_config(raw: Mapping[str, object], origin: str) -> Config:
    from deploylint.config.schema import Config, ConfigValueError, validate

    try:
        return validate(Config, raw)
    except ConfigValueError as exc:
        raise ConfigError(f"{origin}: {exc}") from None


def apply_config(settings: Settings, cfg: Config) -> None:
    """Merge a validated Config into settings (the command line is applied after)."""
    if cfg.select is not None:
        settings.select = list(cfg.select)
    settings.extend_select += cfg.extend_select
    settings.ignore += cfg.ignore
    if cfg.fail_on is not None:
        settings.fail_on = None if cfg.fail_on == "never" else Severity(cfg.fail_on)
    settings.preset = cfg.preset
    settings.preview = cfg.preview
    settings.exclude += cfg.exclude
    settings.per_file_ignores.update(cfg.per_file_ignores)
    settings.severity.update(cfg.severity)
    for key, rc in cfg.rules.items():
        if rc.enabled is not None:
            settings.rule_enabled[key] = rc.enabled
        if rc.severity is not None:
            settings.severity[key] = rc.severity
        if rc.ignore:
            settings.rule_ignores[key] = list(rc.ignore)
        if rc.options:
            settings.rule_options[key] = dict(rc.options)
    settings.kinds.update(cfg.kinds)
    settings.profiles.update(cfg.profiles)
    settings.max_file_size = cfg.max_file_size or DEFAULT_MAX_FILE_SIZE
    settings.respect_gitignore = cfg.respect_gitignore
    if cfg.jobs:
        settings.jobs = cfg.jobs
    if cfg.file_timeout is not None:
        settings.file_timeout = cfg.file_timeout
    if cfg.cache_dir is not None:
        settings.cache_dir = Path(cfg.cache_dir)
    settings.extend_safe_fixes += cfg.extend_safe_fixes
    settings.extend_unsafe_fixes += cfg.extend_unsafe_fixes
    from deploylint.config.schema import section_dict

    for name in ("dockerfile", "compose", "nginx", "workflow", "project"):
        section = section_dict(getattr(cfg, name))
        if section:
            settings.sections[name] = section


def load_settings(start: Path, explicit: Path | None = None) -> Settings:
    """Settings from the explicit config file, or the nearest one above ``start``, or defaults."""
    from deploylint.config.hadolint import find_hadolint

    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"config file not found: {explicit}")
    return settings_from(explicit or find_config(start), find_hadolint(start))


def settings_from(path: Path | None, hadolint: Path | None) -> Settings:
    """Settings from a deploylint config file and a ``.hadolint.yaml`` (either may be None).

    The hadolint file is applied first, mapped onto our keys; our own config wins.
    """
    settings = Settings()
    if hadolint is not None:
        from deploylint.config.hadolint import apply_hadolint_file

        apply_hadolint_file(settings, hadolint)
    if path is None:
        return settings
    raw = read_raw(path)
    apply_config(settings, parse_config(raw, str(path)))
    settings.config_path = path
    settings.base = resolve(path).parent
    return settings
