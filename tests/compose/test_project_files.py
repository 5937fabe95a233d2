"""Files that belong together: findings land in the file that holds the line, once."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import lint_text, registry

REPO = Path(__file__).resolve().parent.parent.parent


def scan(
    root: Path, files: dict[str, str], select: list[str], profiles: dict[str, str] | None = None
) -> list[tuple[str, str, int, int]]:
    for rel, body in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(body, encoding="utf-8")
    settings = Settings(select=select, fail_on=None, root=root.resolve(), profiles=profiles or {})
    report = Engine(settings, registry()).run([root])
    return sorted(
        (Path(f.location.path).name, f.rule_id, f.location.span.start_line, f.location.span.start_col)
        for f in report.findings
    )


BASE = "services:\n  app:\n    image: example/app:1.0.0\n"
OVERRIDE = "services:\n  app:\n    privileged: true\n    restart: always\n"


def test_override_finding_reported_once_in_its_file(tmp_path: Path) -> None:
    # an override file is development unless the config says otherwise; here it says production
    prod = {"compose.override.yaml": "production"}
    files = {"compose.yaml": BASE, "compose.override.yaml": OVERRIDE}
    found = scan(tmp_path, files, ["CMP013", "CMP002"], prod)
    assert found == [("compose.override.yaml", "CMP013", 3, 17)]
    assert scan(tmp_path / "dev", files, ["CMP013", "CMP002"]) == []


def test_base_alone_sees_its_override(tmp_path: Path) -> None:
    (tmp_path / "compose.override.yaml").write_text(OVERRIDE, encoding="utf-8")
    prod = {"compose.override.yaml": "production"}
    settings = Settings(select=["CMP013", "CMP002"], fail_on=None, root=tmp_path.resolve(), profiles=prod)
    (tmp_path / "compose.yaml").write_text(BASE, encoding="utf-8")
    report = Engine(settings, registry()).run([tmp_path / "compose.yaml"])
    assert [(Path(f.location.path).name, f.rule_id) for f in report.findings] == [("compose.override.yaml", "CMP013")]


def test_profile_label_on_artifacts(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "compose.dev.yaml").write_text(BASE, encoding="utf-8")
    settings = Settings(select=["CMP003"], fail_on=None, root=tmp_path.resolve())
    report = Engine(settings, registry()).run([tmp_path])
    labels = {a.path.name: a.labels.get("profile") for a in report.artifacts}
    assert labels == {"compose.yaml": "unknown", "compose.dev.yaml": "development (file name)"}
    assert [(Path(f.location.path).name, f.severity.value) for f in report.findings] == [("compose.yaml", "info")]


def test_secret_values_never_printed(tmp_path: Path) -> None:
    text = (
        "services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: hunter2secret\n"
        "      TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
    )
    (tmp_path / "compose.yaml").write_text(text, encoding="utf-8")
    settings = Settings(select=["CMP008"], fail_on=None, root=tmp_path.resolve())
    report = Engine(settings, registry()).run([tmp_path])
    assert len(report.findings) == 2
    assert all("hunter2" not in f.message and "ghp_" not in f.message for f in report.findings)


def test_merged_defaults_from_extends_point_at_the_base_file(tmp_path: Path) -> None:
    found = scan(
        tmp_path,
        {
            "compose.yaml": "services:\n  app:\n    extends:\n      file: common/base.yml\n      service: base\n",
            "common/base.yml": "services:\n  base:\n    image: example/app:1.0.0\n    user: root\n",
        },
        ["CMP024"],
    )
    # base.yml is a Compose file by content, so it is linted on its own too: service 'base' there,
    # and 'app' through extends, both at the base file's line (as for a base named compose.*.yaml)
    assert found == [("base.yml", "CMP024", 4, 11), ("base.yml", "CMP024", 4, 11)]


def test_demo_fixture_is_clean() -> None:
    text = (REPO / "fixtures" / "demo" / "compose.yaml").read_text(encoding="utf-8")
    assert lint_text(text, Kind.COMPOSE, select=["CMP"]) == []
