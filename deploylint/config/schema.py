"""The config file's schema. Unknown keys are errors that name the key."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from deploylint.findings import Severity
from deploylint.kinds import Kind


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)


class RuleConfig(_Strict):
    enabled: bool | None = None
    severity: Severity | None = None
    ignore: list[str] = Field(default_factory=list, description="path globs where the rule is off")
    options: dict[str, Any] = Field(default_factory=dict)


class Config(_Strict):
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    preset: Literal["default", "strict"] = "default"
    preview: bool = False
    exclude: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    rules: dict[str, RuleConfig] = Field(default_factory=dict)
    kinds: dict[str, Kind] = Field(default_factory=dict)
    profiles: dict[str, Literal["production", "development"]] = Field(default_factory=dict)
    max_file_size: int | None = Field(default=None, gt=0)
    respect_gitignore: bool = True
    jobs: int | None = Field(default=None, ge=1)
    file_timeout: float | None = Field(default=None, ge=0, description="seconds per file; 0 = no limit")
    dockerfile: dict[str, Any] = Field(default_factory=dict)
    compose: dict[str, Any] = Field(default_factory=dict)
    nginx: dict[str, Any] = Field(default_factory=dict)
    workflow: dict[str, Any] = Field(default_factory=dict)
    project: dict[str, Any] = Field(default_factory=dict)
