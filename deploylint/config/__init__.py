"""Configuration: raw file -> typed schema (validated records) -> resolved :class:`~deploylint.settings.Settings`."""

from deploylint.config.loader import ConfigError, find_config, load_settings

__all__ = ["ConfigError", "find_config", "load_settings"]
