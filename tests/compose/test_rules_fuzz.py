"""Every compose rule on generated services: findings or none, never an internal error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry

_SCALARS = st.sampled_from(
    ["", "host", "root", "0:0", "true", "false", "8080:80", "/var/run/docker.sock:/x", "${X}", "a@b", "ALL", "$$"]
)
_VALUE = st.one_of(
    _SCALARS,
    st.integers(-5, 70000),
    st.booleans(),
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["condition", "target", "published", "source", "driver", "test"]), _SCALARS),
)
_KEYS = st.sampled_from(
    [
        "image",
        "build",
        "ports",
        "volumes",
        "environment",
        "depends_on",
        "healthcheck",
        "logging",
        "deploy",
        "user",
        "privileged",
        "cap_add",
        "security_opt",
        "devices",
        "tmpfs",
        "command",
        "container_name",
        "network_mode",
        "read_only",
        "extends",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["web", "db", "cache"]), st.dictionaries(_KEYS, _VALUE), max_size=3))
def test_rules_never_crash(services: dict[str, dict[str, object]]) -> None:
    text = yaml.safe_dump({"services": services})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "compose.yaml"
        path.write_text(text, encoding="utf-8")
        s = Settings(select=["CMP"], fail_on=None, root=Path(tmp).resolve())
        report = Engine(s, registry(), kind=Kind.COMPOSE).run([path])
    assert [f.message for f in report.findings if f.rule_id == "CORE001"] == []
