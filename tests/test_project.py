"""The project model links artifacts across files; unresolved links are explicit values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.links.project import LinkedProject
from deploylint.models.project import Cause, ComposeService, DockerfileRef, Project, Unresolved
from deploylint.models.secrets import env_file_role, is_placeholder, real_secret
from deploylint.models.workflow import Workflow
from deploylint.parsers import ParseEnv
from deploylint.settings import Settings
from deploylint.testing import registry

SHOP = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "shop"


def _scan_project(settings: Settings, paths: list[Path]) -> Project:
    """Run the engine and return the Project it linked."""
    captured: dict[str, Project] = {}
    engine = Engine(settings, registry())
    original = engine._link

    def spy(*args: object) -> Project:
        p = original(*args)  # type: ignore[arg-type]
        captured["p"] = p
        return p  # type: ignore[no-any-return]

    engine._link = spy  # type: ignore[method-assign]
    engine.run(paths)
    return captured["p"]


def _project(root: Path) -> Project:
    return _scan_project(Settings(root=root.resolve(), select=["PRJ"], fail_on=None), [root])


def test_compose_builds_link_to_dockerfile_stage_and_args() -> None:
    p = _project(SHOP)
    builds = {sb.service.name: sb for sb in p.service_builds}
    api = builds["api"]
    assert api.context == (SHOP / "api").resolve()
    assert isinstance(api.dockerfile, DockerfileRef) and api.dockerfile.path == (SHOP / "api" / "Dockerfile").resolve()
    assert not isinstance(api.stage, Unresolved) and api.stage is not None and api.stage.name is not None
    assert api.stage.name.value == "runtime"
    assert [a.value for a in api.args] == ["APP_VERSION"]
    assert (api.anchor.span.start_line, api.anchor.span.start_col) == (4, 16)
    worker = builds["worker"]
    assert isinstance(worker.context, Unresolved) and worker.context.missing
    assert isinstance(worker.dockerfile, Unresolved)


def test_nginx_upstreams_link_to_services_and_ports() -> None:
    p = _project(SHOP)
    by_host = {t.host: t for t in p.upstreams}
    api = by_host["api"]
    assert isinstance(api.service, ComposeService) and api.service.name == "api"
    assert api.port == 3000 and {(lp.port, lp.how) for lp in api.listens} == {(3000, "EXPOSE")}
    assert (api.arg.span.start_line, api.arg.span.start_col) == (4, 20)
    db = by_host["db"]
    assert isinstance(db.service, ComposeService) and {lp.port for lp in db.listens} == {5432}
    assert isinstance(by_host["legacy"].service, Unresolved)
    assert by_host["legacy"].service.reason == "no compose service is called 'legacy'"
    assert by_host["legacy"].service.cause is Cause.NO_SERVICE
    assert isinstance(by_host["status.example.com"].service, Unresolved)
    assert [cm.service.name for cm in p.config_mounts] == ["proxy"]


def test_workflow_steps_link_to_dockerfiles_images_and_compose() -> None:
    p = _project(SHOP)
    first, second = p.workflow_builds
    assert first.dockerfile == (SHOP / "api" / "Dockerfile").resolve()
    assert first.context == (SHOP / "api").resolve()
    assert [(t.repository, t.versioned) for t in first.tags] == [("ghcr.io/acme/api", True)]
    assert second.dockerfile == (SHOP / "web" / "Dockerfile").resolve() and second.pushes
    assert [(t.repository, t.tag, t.versioned) for t in second.tags] == [("ghcr.io/acme/web", "latest", False)]
    (ref,) = p.workflow_compose
    assert ref.path == (SHOP / "compose.yaml").resolve()


def test_prj_findings_on_the_fixture() -> None:
    settings = Settings(root=SHOP.resolve(), select=["PRJ"], fail_on=None)
    report = Engine(settings, registry()).run([SHOP])
    got = sorted((f.location.path.split("shop/", 1)[1], f.rule_id, f.location.span.start_line) for f in report.findings)
    assert got == [("compose.yaml", "PRJ005", 11), ("deploy/nginx/default.conf", "PRJ004", 10)]


def test_subfolder_scan_and_single_file_resolve_links_above(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SHOP, repo)
    (repo / ".git").mkdir()
    # scanning only api/ (or only api/Dockerfile, as pre-commit does) still finds the compose file above
    for target in (repo / "api", repo / "api" / "Dockerfile"):
        p = _scan_project(Settings(select=["PRJ", "DKR"], fail_on=None), [target])
        assert p.root == repo.resolve()
        builds = p.builds_of(repo / "api" / "Dockerfile")
        assert [sb.service.name for sb in builds] == ["api"]
        assert p.contexts_of(builds[0].dockerfile.model) == [(repo / "api").resolve()]  # type: ignore[union-attr]


def test_reads_stay_under_the_root(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "Dockerfile").write_text("FROM alpine:3.20\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "compose.yaml").write_text("services:\n  a:\n    build: ../outside\n", encoding="utf-8")
    p = _project(repo)
    (sb,) = p.service_builds
    assert isinstance(sb.context, Unresolved) and "outside the scanned root" in sb.context.reason
    env = ParseEnv(root=repo.resolve())
    assert isinstance(
        LinkedProject([], repo.resolve(), env).dockerfile(tmp_path / "outside" / "Dockerfile"), Unresolved
    )


GOOD = SHOP.parent / "good"


def test_good_practice_project_has_no_warnings() -> None:
    """Signal over noise: a project that follows good practice gets no warning or error by default.

    Only info-level hardening advice may remain (no-new-privileges, cap_drop, read-only root
    filesystems, digest pins, ports on every interface); the strict preset raises it.
    """
    report = Engine(Settings(root=GOOD.resolve(), fail_on=None), registry()).run([GOOD])
    loud = [
        f"{f.location.path}:{f.location.span.start_line} {f.rule_id} {f.message}"
        for f in report.findings
        if f.severity.rank >= 2
    ]
    assert loud == []
    assert len(report.artifacts) == 4
    assert {f.rule_id for f in report.findings} <= {"CMP014", "CMP015", "CMP016", "CMP017", "CMP018"}


# -- env files: which values are secrets, which files are tracked defaults ----------------------

SECRET_VALUES = [
    # (name, value, a real secret to keep out of git?)
    ("DB_PASSWORD", "hunter2hunter2", True),
    ("SECRET_KEY", "9f8e7d6c5b4a-prod", True),
    ("API_TOKEN", "Tr0ub4dor-and-3", True),
    ("GITHUB_TOKEN", "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", True),
    ("SECRET_KEY", "changeme", False),
    ("SECRET_KEY", "ChangeMe123", False),
    ("API_TOKEN", "your-api-token-here", False),
    ("API_KEY", "replace_with_your_key", False),
    ("JWT_SECRET", "xxx", False),
    ("JWT_SECRET", "xxxxxxxxxxxx", False),
    ("JWT_SECRET", "********", False),
    ("DB_PASSWORD", "", False),
    ("DB_PASSWORD", "${DB_PASSWORD}", False),
    ("DB_PASSWORD", "$DB_PASSWORD", False),
    ("SMTP_PASSWORD", "<smtp password>", False),
    ("SMTP_PASSWORD", "{{ smtp_password }}", False),
    ("SECRET_KEY", "example", False),
    ("SECRET_KEY", "example-secret-key", False),
    ("DB_PASSWORD", "dummy-password", False),
    ("POSTGRES_PASSWORD", "postgres", False),
    ("DB_PASSWORD", "password", False),
    ("REDIS_PASSWORD", "redis", False),
    ("MINIO_SECRET_KEY", "minioadmin", False),
    ("RPC_SHARED_SECRET", "supersecret", False),
    ("DEBUG", "hunter2hunter2", False),  # not a secret-like name, no token format
]


@pytest.mark.parametrize(("name", "value", "secret"), SECRET_VALUES)
def test_real_secret_values(name: str, value: str, secret: bool) -> None:
    assert (real_secret(name, value) is not None) is secret


@pytest.mark.parametrize(("value", "placeholder"), [("changeme", True), ("${X}", True), ("hunter2hunter2", False)])
def test_placeholders(value: str, placeholder: bool) -> None:
    assert is_placeholder(value) is placeholder


@pytest.mark.parametrize(
    ("name", "role"),
    [
        (".env", "env"),
        (".env.production", "env"),
        ("prod.env", "env"),
        (".env.local", "env"),
        (".env.example", "defaults"),
        (".env.sample", "defaults"),
        (".env.template", "defaults"),
        (".env.test", "defaults"),
        (".env.ci", "defaults"),
        (".env.e2e", "defaults"),
        ("defaults.env", "defaults"),
        ("test.env", "defaults"),
        ("environment.yml", None),
        ("README.md", None),
    ],
)
def test_env_file_roles(name: str, role: str | None) -> None:
    assert env_file_role(name) == role


def test_build_context_messages_name_the_context_folder() -> None:
    from deploylint.testing import run_case

    rules = Path(__file__).resolve().parent.parent / "rules"
    _, _, report = run_case(rules / "PRJ001" / "fail_lock_missing_under_copy_source", "PRJ001")
    (finding,) = report.findings
    assert "needs app/package-lock.json, which the build context '.' lacks" in finding.message
    _, _, report = run_case(rules / "PRJ005" / "fail_missing", "PRJ005")
    messages = sorted(f.message for f in report.findings)
    assert messages == [
        "service 'api': build context 'api' does not exist",
        "service 'web': dockerfile 'Dockerfile.prod' does not exist (build context '.')",
    ]


def test_local_workflows_and_actions_are_read_under_the_root(tmp_path: Path) -> None:
    """Project.called_workflow / Project.local_action read the called file from the repository
    holding the caller, never outside the scan root, and only the kind each `uses:` names."""
    outside = tmp_path / "outside"
    (outside / "act").mkdir(parents=True)
    (outside / "act" / "action.yml").write_text("runs:\n  using: node24\n  main: a.js\n", encoding="utf-8")
    repo = tmp_path / "repo"
    wfs = repo / ".github" / "workflows"
    wfs.mkdir(parents=True)
    (repo / ".github" / "actions" / "setup").mkdir(parents=True)
    (repo / ".github" / "actions" / "setup" / "action.yaml").write_text(
        "name: Setup\ninputs:\n  tool:\n    required: true\nruns:\n  using: composite\n  steps: []\n",
        encoding="utf-8",
    )
    (wfs / "build.yml").write_text(
        "on:\n  workflow_call:\n    secrets:\n      token:\n        required: true\n      hook:\n"
        "    outputs:\n      digest:\n        value: x\n"
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        encoding="utf-8",
    )
    (wfs / "ci.yml").write_text("on: push\njobs:\n  a:\n    uses: ./.github/workflows/build.yml\n", encoding="utf-8")
    p = _project(repo)
    ci = p.load(wfs / "ci.yml", Kind.WORKFLOW)
    assert isinstance(ci, Workflow)
    called = p.called_workflow(ci, "./.github/workflows/build.yml")
    assert called is not None and called is p.called_workflow(ci, "$/.github/workflows/build.yml")
    trigger = called.trigger("workflow_call")
    assert trigger is not None
    assert [(s.name.value, s.required) for s in trigger.secrets] == [("token", True), ("hook", False)]
    assert [o.value for o in trigger.outputs] == ["digest"]
    action = p.local_action(ci, "./.github/actions/setup")
    assert action is not None and action.is_action and action.action is not None
    assert [(i.name.value, i.required) for i in action.action.inputs] == [("tool", True)]
    # not there, outside the root, a workflow named as an action, a ref or an expression: None
    assert p.called_workflow(ci, "./.github/workflows/missing.yml") is None
    assert p.local_action(ci, "./.github/actions/missing") is None
    assert p.local_action(ci, "../outside/act") is None
    assert p.called_workflow(ci, "./.github/actions/setup/action.yaml") is None
    assert p.called_workflow(ci, "./.github/workflows/build.yml@main") is None
    assert p.called_workflow(ci, "./.github/workflows/${{ inputs.name }}.yml") is None
