"""Typed SARIF 2.1.0 objects: the subset deploylint writes (and GitHub code scanning reads).

Field names are snake_case in Python and camelCase in JSON. Optional fields left as None are not
written. This module imports pydantic, so only the SARIF reporter imports it, lazily.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

Level = Literal["none", "note", "warning", "error"]


class _Sarif(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)


class Message(_Sarif):
    text: str
    markdown: str | None = None


class MultiformatMessageString(_Sarif):
    text: str
    markdown: str | None = None


class ArtifactLocation(_Sarif):
    uri: str
    uri_base_id: str | None = "%SRCROOT%"


class Region(_Sarif):
    start_line: int = Field(ge=1)
    start_column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)


class PhysicalLocation(_Sarif):
    artifact_location: ArtifactLocation
    region: Region | None = None


class Location(_Sarif):
    id: int | None = Field(default=None, ge=0)
    physical_location: PhysicalLocation
    message: Message | None = None


class ReportingConfiguration(_Sarif):
    level: Level = "warning"


class ReportingDescriptor(_Sarif):
    id: str
    name: str | None = Field(default=None, max_length=255)
    short_description: MultiformatMessageString
    full_description: MultiformatMessageString
    help: MultiformatMessageString
    help_uri: str | None = None
    default_configuration: ReportingConfiguration
    properties: dict[str, object] = Field(default_factory=dict)


class ArtifactContent(_Sarif):
    text: str


class Replacement(_Sarif):
    #: an empty region (end = start) is an insertion
    deleted_region: Region
    inserted_content: ArtifactContent | None = None


class ArtifactChange(_Sarif):
    artifact_location: ArtifactLocation
    replacements: list[Replacement] = Field(min_length=1)


class Fix(_Sarif):
    description: Message
    artifact_changes: list[ArtifactChange] = Field(min_length=1)
    properties: dict[str, object] | None = None


class Result(_Sarif):
    rule_id: str
    rule_index: int = Field(ge=0)
    level: Level
    message: Message
    locations: list[Location] = Field(min_length=1, max_length=1)
    related_locations: list[Location] | None = None
    partial_fingerprints: dict[str, str] | None = None
    fixes: list[Fix] | None = None
    properties: dict[str, object] | None = None


class ToolComponent(_Sarif):
    name: str
    semantic_version: str
    information_uri: str
    rules: list[ReportingDescriptor]


class Tool(_Sarif):
    driver: ToolComponent


class Notification(_Sarif):
    level: Level
    message: Message


class Invocation(_Sarif):
    execution_successful: bool
    tool_execution_notifications: list[Notification] | None = None


class RunAutomationDetails(_Sarif):
    id: str


class Run(_Sarif):
    tool: Tool
    automation_details: RunAutomationDetails
    invocations: list[Invocation]
    column_kind: Literal["unicodeCodePoints", "utf16CodeUnits"] = "unicodeCodePoints"
    results: list[Result]


class SarifLog(_Sarif):
    schema_uri: str = Field(default="https://json.schemastore.org/sarif-2.1.0.json", alias="$schema")
    version: Literal["2.1.0"] = "2.1.0"
    runs: list[Run] = Field(min_length=1, max_length=1)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, exclude_none=True, indent=2)
