"""Compose parser: model shape, exact spans, merging across files, interpolation, profiles."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.models.compose import ComposeFile, has_interpolation, interpolate
from deploylint.parsers import ParseEnv
from deploylint.parsers.compose import parse, split_port, split_volume
from deploylint.settings import Settings
from deploylint.source import SourceFile


def load(tmp: Path, text: str, name: str = "compose.yaml", **files: str) -> tuple[ComposeFile, list[str]]:
    for rel, body in files.items():
        p = tmp / rel.replace("__", "/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    parsed = parse(SourceFile(path, text), ParseEnv(root=tmp))
    assert parsed.model is not None
    return parsed.model, [f"{d.span.start_line}:{d.span.start_col} {d.message}" for d in parsed.errors]


def test_service_shape_and_spans(tmp_path: Path) -> None:
    model, errors = load(
        tmp_path,
        "services:\n"
        "  web:\n"
        "    image: nginx:1.27@sha256:abc\n"
        "    ports:\n"
        '      - "127.0.0.1:8080-8081:80-81/udp"\n'
        "      - target: 443\n"
        "        published: 8443\n"
        "    volumes:\n"
        "      - ./html:/usr/share/nginx/html:ro\n"
        "      - data:/data\n"
        "    environment:\n"
        "      A: ${X:-1}\n"
        "      B:\n"
        "    depends_on:\n"
        "      db:\n"
        "        condition: service_healthy\n"
        "  db:\n"
        "    image: postgres\n"
        "    environment:\n"
        "      - POSTGRES_PASSWORD=x\n"
        "volumes:\n"
        "  data:\n",
    )
    assert errors == []
    web, db = model.services
    assert web.name.value == "web" and (web.name.span.start_line, web.name.span.start_col) == (2, 3)
    assert web.image is not None and (web.image.repository, web.image.tag, web.image.digest) == (
        "nginx",
        "1.27",
        "sha256:abc",
    )
    p1, p2 = web.ports
    assert (p1.host_ip, p1.published, p1.target, p1.protocol) == ("127.0.0.1", "8080-8081", "80-81", "udp")
    assert p1.published_range() == (8080, 8081) and (p1.span.start_line, p1.span.start_col) == (5, 9)
    assert (p2.host_ip, p2.published, p2.target, p2.long) == (None, "8443", "443", True)
    m1, m2 = web.volumes
    assert (m1.type, m1.source, m1.target, m1.read_only) == ("bind", "./html", "/usr/share/nginx/html", True)
    assert (m2.type, m2.source, m2.target) == ("volume", "data", "/data")
    assert web.environment["A"].interpolated and web.environment["B"].value is None
    assert [(d.name.value, d.condition.value if d.condition else None) for d in web.depends_on] == [
        ("db", "service_healthy")
    ]
    assert db.environment["POSTGRES_PASSWORD"].value is not None
    assert db.image is not None and db.image.tag is None
    assert list(model.volumes) == ["data"]
    assert model.profile is None and model.report_labels == {"profile": "unknown"}


def test_unknown_key_suggests_and_wrong_shapes(tmp_path: Path) -> None:
    _, errors = load(
        tmp_path, "services:\n  web:\n    image: x:1\n    enviroment: {}\n    ports: 80\n    privileged: yes\n"
    )
    assert errors == [
        "4:5 unknown key 'enviroment' in service 'web'; did you mean 'environment'?",
        "5:12 service 'web': 'ports' must be a list, not a scalar",
        "6:17 service 'web': 'privileged' must be a boolean, not a scalar",
    ]


def test_override_merges_and_points_at_its_file(tmp_path: Path) -> None:
    model, errors = load(
        tmp_path,
        "services:\n  web:\n    image: app:1\n    environment:\n      - A=1\n    ports: ['8080:80']\n",
        **{
            "compose.override.yaml": "services:\n  web:\n    restart: always\n    environment:\n      B: 2\n    ports: ['9090:90']\n"
        },
    )
    assert errors == []
    (web,) = model.services
    assert web.restart is not None and web.restart.file.path.name == "compose.override.yaml"
    assert web.restart.span.start_line == 3
    assert sorted(web.environment) == ["A", "B"]
    assert [p.file.path.name for p in web.ports] == ["compose.yaml", "compose.override.yaml"]
    assert model.profile is None


def test_override_file_sees_its_base(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: app:1\n", encoding="utf-8")
    model, _ = load(tmp_path, "services:\n  web:\n    restart: always\n", name="compose.override.yaml")
    (web,) = model.services
    assert web.image is not None and web.image.file.path.name == "compose.yaml"
    assert model.profile == "development"


def test_reset_and_override_tags(tmp_path: Path) -> None:
    model, _ = load(
        tmp_path,
        "services:\n  web:\n    image: app:1\n    ports: ['80:80']\n    user: root\n",
        **{"compose.override.yaml": "services:\n  web:\n    ports: !override ['81:81']\n    user: !reset null\n"},
    )
    (web,) = model.services
    assert [p.published for p in web.ports] == ["81"]
    assert web.user is None


def test_extends_and_include(tmp_path: Path) -> None:
    model, errors = load(
        tmp_path,
        "include:\n  - sub/other.yaml\nservices:\n  web:\n    extends:\n      file: base.yml\n      service: common\n"
        "    image: app:1\n",
        **{
            "base.yml": "services:\n  common:\n    restart: always\n    image: old:1\n",
            "sub__other.yaml": "services:\n  worker:\n    extends: shared\n  shared:\n    read_only: true\n",
        },
    )
    assert errors == []
    web = model.service("web")
    assert web is not None and web.restart is not None and web.restart.file.path.name == "base.yml"
    assert web.image is not None and web.image.tag == "1" and web.image.file.path.name == "compose.yaml"
    worker = model.service("worker")
    assert worker is not None and worker.read_only is not None and worker.read_only.value is True


def test_interpolation_and_dotenv(tmp_path: Path) -> None:
    assert interpolate("a${X:-b}c$$", {}) == "abc$"
    assert interpolate("${X}", {}) is None
    assert interpolate("${X-d}", {"X": ""}) == ""
    assert interpolate("${X:-d}", {"X": ""}) == "d"
    assert interpolate("${X:?err}", {"X": "v"}) == "v"
    assert has_interpolation("$VAR") and not has_interpolation("$$VAR")
    model, _ = load(
        tmp_path, "services:\n  a:\n    image: app:${TAG}\n  b:\n    image: app:${NOPE}\n", **{".env": "TAG=latest\n"}
    )
    a, b = model.services
    assert a.image is not None and a.image.tag == "latest" and not a.image.interpolated
    assert b.image is not None and b.image.interpolated


def test_profiles(tmp_path: Path) -> None:
    for name, want in [
        ("docker-compose.dev.yml", "development"),
        ("compose.test.yaml", "development"),
        ("docker-compose-ci.yml", "development"),
        ("compose.prod.yaml", "production"),
        ("docker-compose.yml", None),
    ]:
        model, _ = load(tmp_path, "services: {}\n", name=name)
        assert model.profile == want, name
    path = tmp_path / "compose.dev.yaml"
    env = ParseEnv(root=tmp_path, settings=Settings(profiles={"compose.dev.yaml": "production"}))
    parsed = parse(SourceFile(path, "services: {}\n"), env)
    assert parsed.model is not None and parsed.model.profile == "production"


def test_short_syntax_helpers() -> None:
    assert split_port("8080") == (None, None, "8080", "tcp")
    assert split_port("[::1]:8080:80") == ("::1", "8080", "80", "tcp")
    assert split_port("127.0.0.1::80") == ("127.0.0.1", None, "80", "tcp")
    assert split_volume("/data") == ("volume", None, "/data", ())
    assert split_volume("/var/run/docker.sock:/var/run/docker.sock:ro") == (
        "bind",
        "/var/run/docker.sock",
        "/var/run/docker.sock",
        ("ro",),
    )
    assert split_volume("C:\\data:/data") == ("bind", "C:\\data", "/data", ())


_YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"&*<>!|# \n\t$")), max_size=120)
_SERVICE_KEYS = st.sampled_from(["image", "ports", "volumes", "environment", "build", "depends_on", "extends"])
_VALUES = st.one_of(
    st.text(max_size=12),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.sampled_from(["context", "service", "condition", "target", "A"]), st.text(max_size=8)),
)


@settings(max_examples=150, deadline=None)
@given(_YAMLISH)
def test_any_text_gives_a_model_or_diagnostics(text: str) -> None:
    root = Path("/nonexistent-root")
    parsed = parse(SourceFile(root / "compose.yaml", "services:\n" + text), ParseEnv(root=root))
    assert parsed.model is not None or parsed.errors


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["web", "db"]), st.dictionaries(_SERVICE_KEYS, _VALUES), max_size=2))
def test_structured_services_never_raise(services: dict[str, dict[str, object]]) -> None:
    import yaml

    text = yaml.safe_dump({"services": services})
    root = Path("/nonexistent-root")
    parsed = parse(SourceFile(root / "compose.yaml", text), ParseEnv(root=root))
    assert parsed.model is not None


def test_include_of_a_service_the_file_also_defines_merges(tmp_path: Path) -> None:
    # compose-go >= 2.10: the including file's definition merges over the included one
    inc = "services:\n  db:\n    image: postgres:16.4\n    restart: always\n    ports: ['5432:5432']\n"
    text = (
        "include: [db.yaml]\nservices:\n  db:\n    ports: !override ['127.0.0.1:5432:5432']\n    restart: !reset null\n"
    )
    model, errors = load(tmp_path, text, **{"db.yaml": inc})
    assert errors == []
    db = model.service("db")
    assert db is not None and db.image is not None and db.image.file.path.name == "db.yaml"
    assert db.restart is None
    assert [(p.host_ip, p.file.path.name) for p in db.ports] == [("127.0.0.1", "compose.yaml")]
    assert (db.name.file.path.name, db.name.span.start_line) == ("compose.yaml", 3)


def test_env_file_contents_are_read_with_positions(tmp_path: Path) -> None:
    text = "services:\n  api:\n    image: example/api:1.0.0\n    env_file: [conf/api.env, missing.env]\n"
    model, _ = load(tmp_path, text, **{"conf/api.env": "# c\nexport A = 'x y'\nB=v # note\n"})
    api = model.service("api")
    assert api is not None
    found, missing = api.env_file_contents
    assert missing.source is None and found.source is not None
    assert [(e.name, e.value, e.value_span.start_line, e.value_span.start_col) for e in found.entries] == [
        ("A", "x y", 2, 13),
        ("B", "v", 3, 3),
    ]
