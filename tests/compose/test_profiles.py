"""Where a Compose file runs decides how loud context-dependent advice is (issue #19).

Known production: the rule's severity; unknown: information; development: nothing. Exposures
(published database ports, privileged, secrets) keep their severity wherever the file is not
a development one.
"""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.findings import Severity
from deploylint.models.compose import ComposeFile
from deploylint.parsers import ParseEnv
from deploylint.parsers.compose import parse
from deploylint.profiles import explain
from deploylint.settings import Settings
from deploylint.source import SourceFile
from deploylint.testing import registry

STACK = (
    "services:\n"
    "  api:\n"
    "    image: example/api:1.4.2\n"
    "  db:\n"
    "    image: postgres:16.4\n"
    "    privileged: true\n"
    "    ports:\n"
    '      - "5432:5432"\n'
)


def scan(root: Path, files: dict[str, str], select: list[str], **kw: object) -> list[tuple[str, str, int, int, str]]:
    for rel, body in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(body, encoding="utf-8")
    settings = Settings(select=select, fail_on=None, root=root.resolve(), **kw)  # type: ignore[arg-type]
    report = Engine(settings, registry()).run([root])
    return sorted(
        (
            Path(f.location.path).name,
            f.rule_id,
            f.location.span.start_line,
            f.location.span.start_col,
            f.severity.value,
        )
        for f in report.findings
    )


def model_of(root: Path, rel: str, text: str, settings: Settings | None = None) -> ComposeFile:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    parsed = parse(SourceFile(path, text), ParseEnv(root=root, settings=settings or Settings()))
    assert parsed.model is not None
    return parsed.model


def test_advice_is_a_warning_in_production_info_when_unknown_silent_in_development(tmp_path: Path) -> None:
    rules = ["CMP002", "CMP003", "CMP005", "CMP013"]
    prod = scan(tmp_path / "a", {"compose.prod.yaml": STACK}, rules)
    assert prod == [
        ("compose.prod.yaml", "CMP002", 2, 3, "warning"),
        ("compose.prod.yaml", "CMP002", 4, 3, "warning"),
        ("compose.prod.yaml", "CMP003", 2, 3, "warning"),
        ("compose.prod.yaml", "CMP003", 4, 3, "warning"),
        ("compose.prod.yaml", "CMP005", 8, 9, "warning"),
        ("compose.prod.yaml", "CMP013", 6, 17, "error"),
    ]
    unknown = scan(tmp_path / "b", {"compose.yaml": STACK}, rules)
    assert unknown == [
        ("compose.yaml", "CMP002", 2, 3, "info"),
        ("compose.yaml", "CMP002", 4, 3, "info"),
        ("compose.yaml", "CMP003", 2, 3, "info"),
        ("compose.yaml", "CMP003", 4, 3, "info"),
        ("compose.yaml", "CMP005", 8, 9, "warning"),  # an exposure keeps its severity
        ("compose.yaml", "CMP013", 6, 17, "error"),
    ]
    dev = scan(tmp_path / "c", {"e2e/compose.yaml": STACK}, rules)
    # a test stack shares the host on purpose; its published database is worth knowing, at info
    assert dev == [("compose.yaml", "CMP005", 8, 9, "info")]


def test_config_profiles_and_swarm_keys_make_production(tmp_path: Path) -> None:
    swarm = STACK.replace(
        "    image: example/api:1.4.2\n",
        "    image: example/api:1.4.2\n    deploy:\n      placement:\n        max_replicas_per_node: 1\n",
    )
    found = scan(tmp_path / "a", {"compose.yaml": swarm}, ["CMP002", "CMP003"])
    # Swarm restarts tasks by default: no CMP002 in a stack
    assert found == [("compose.yaml", "CMP003", 2, 3, "warning"), ("compose.yaml", "CMP003", 7, 3, "warning")]
    assert model_of(tmp_path / "a2", "stack.swarm.yaml", STACK).profile_reason == "swarm stack"
    # replicas alone: docker compose scales by it too
    replicas = STACK.replace(
        "    image: example/api:1.4.2\n", "    image: example/api:1.4.2\n    deploy:\n      replicas: 1\n"
    )
    assert model_of(tmp_path / "a3", "compose.yaml", replicas).profile is None
    settings = Settings(profiles={"ops/**": "production"})
    model = model_of(tmp_path / "b", "ops/compose.yaml", STACK, settings)
    assert (model.profile, model.profile_reason) == ("production", "config 'ops/**'")
    assert model.report_labels == {"profile": "production (config 'ops/**')"}


def test_gpu_reservations_alone_do_not_make_production(tmp_path: Path) -> None:
    text = "services:\n  ml:\n    image: example/ml:1.0.0\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n"
    model = model_of(tmp_path, "compose.yaml", text)
    assert model.profile is None and model.report_labels == {"profile": "unknown"}


def test_labels_say_why_and_unparsed_files_get_none(tmp_path: Path) -> None:
    assert model_of(tmp_path, "dev/compose.yaml", STACK).report_labels == {"profile": "development (folder 'dev/')"}
    assert model_of(tmp_path, "compose.test.yaml", STACK).report_labels == {"profile": "development (file name)"}
    assert model_of(tmp_path, "compose.yaml", "services: [\n").report_labels == {}
    assert model_of(tmp_path, "other.yaml", "- a\n- b\n").report_labels == {}


def test_fragment_merges_its_base_and_is_development(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(STACK, encoding="utf-8")
    frag = model_of(tmp_path, "docker-compose.gpu.yml", "services:\n  api:\n    runtime: nvidia\n")
    assert (frag.profile, frag.profile_reason) == ("development", "fragment merged over its base with -f")
    api = frag.service("api")
    assert api is not None and api.image is not None and api.image.file.path.name == "docker-compose.yml"
    # a full file beside the base is not a fragment: judged alone
    full = model_of(tmp_path, "docker-compose.staging.yml", "services:\n  web:\n    image: example/web:2.0.0\n")
    assert full.profile is None and [s.name.value for s in full] == ["web"]
    assert [f.path.name for f in full.files] == ["docker-compose.staging.yml"]


def test_advice_method_is_the_one_mechanism(tmp_path: Path) -> None:
    model = model_of(tmp_path, "compose.yaml", STACK)
    api = model.service("api")
    assert api is not None
    assert model.advice(api.name, Severity.WARNING) is Severity.INFO
    assert model.advice(api.name, Severity.INFO) is Severity.INFO
    prod = model_of(tmp_path, "compose.production.yaml", STACK)
    papi = prod.service("api")
    assert papi is not None and prod.advice(papi.name, Severity.WARNING) is Severity.WARNING
    dev = model_of(tmp_path, "compose.dev.yaml", STACK)
    dapi = dev.service("api")
    assert dapi is not None and dev.advice(dapi.name, Severity.WARNING) is None
    assert not dev.outside_development(dapi.name) and prod.outside_development(papi.name)


def test_explain_reasons(tmp_path: Path) -> None:
    assert explain(tmp_path / "deploy/production/compose.yaml", tmp_path) == ("production", "folder 'production/'")
    assert explain(tmp_path / "compose.yaml", tmp_path) == (None, "")
    assert explain(tmp_path / ".devcontainer/compose.yaml", tmp_path) == ("development", "folder '.devcontainer/'")


LIVE = """services:
  app:
    build: .
    volumes:
      - .:{target}
  db:
    image: postgres:16.4
    ports:
      - "5432:5432"
"""


def test_source_mounted_over_the_built_image_is_development(tmp_path: Path) -> None:
    # the build context bind-mounted into the container: live code, a development stack
    dev = scan(tmp_path / "a", {"compose.yaml": LIVE.format(target="/srv/app")}, ["CMP005"])
    assert dev == [("compose.yaml", "CMP005", 9, 9, "info")]
    # a configuration folder that is also the context is not source code: nothing tells
    conf = scan(tmp_path / "b", {"compose.yaml": LIVE.format(target="/etc/app")}, ["CMP005"])
    assert conf == [("compose.yaml", "CMP005", 9, 9, "warning")]
