"""Confinement: nothing outside the scanned root is read, symlink loops are not followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deploylint.engine import Engine, Report
from deploylint.models.tree import YMap, YScalar
from deploylint.parsers import ParseEnv, Refused
from deploylint.parsers._yaml import load_yaml
from deploylint.settings import Settings
from deploylint.source import SourceFile
from tests.hostile import fakes

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def _scan(root: Path, paths: list[Path] | None = None) -> Report:
    s = Settings(jobs=1, root=root.resolve(), select=["DKR951", "CORE004"])
    return Engine(s, fakes.registry()).run(paths or [root])


def _rows(report: Report, root: Path) -> list[tuple[str, str, int, int, str]]:
    out = []
    for f in report.findings:
        rel = os.path.relpath(Path(f.location.path).absolute(), root)
        out.append(
            (
                Path(rel).as_posix(),
                f.rule_id,
                f.location.span.start_line,
                f.location.span.start_col,
                f.message.split(": ", 1)[-1],
            )
        )
    return out


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "Dockerfile").write_text("latest\n", encoding="utf-8")
    (root / "Dockerfile").write_text("fine\n", encoding="utf-8")
    return root, outside


def test_symlinks_out_of_the_root_and_loops_are_reported_not_followed(
    fake_kind: None, layout: tuple[Path, Path]
) -> None:
    root, outside = layout
    (root / "passwd").mkdir()
    (root / "passwd" / "Dockerfile").symlink_to("/etc/passwd")
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "loop").mkdir()
    (root / "loop" / "Dockerfile").symlink_to(root / "loop" / "Dockerfile.b")
    (root / "loop" / "Dockerfile.b").symlink_to(root / "loop" / "Dockerfile")
    (root / "cycle").mkdir()
    (root / "cycle" / "up").symlink_to(root, target_is_directory=True)
    (root / "inside").mkdir()
    (root / "inside" / "Dockerfile").symlink_to(root / "Dockerfile")
    report = _scan(root)
    assert _rows(report, root) == [
        ("loop/Dockerfile", "CORE004", 1, 1, "symlink loop; not followed"),
        ("loop/Dockerfile.b", "CORE004", 1, 1, "symlink loop; not followed"),
        ("out", "CORE004", 1, 1, "symlink points outside the scanned root; not followed"),
        ("passwd/Dockerfile", "CORE004", 1, 1, "symlink points outside the scanned root; not followed"),
    ]
    # each file inside the root once, under one name; nothing from outside
    assert sorted(Path(a.display).name for a in report.artifacts) == ["Dockerfile"]


def test_explicit_symlink_argument_out_of_the_root(fake_kind: None, layout: tuple[Path, Path]) -> None:
    root, outside = layout
    link = root / "Dockerfile.evil"
    link.symlink_to(outside / "Dockerfile")
    report = _scan(root, [link])
    assert [(r[1], r[4]) for r in _rows(report, root)] == [
        ("CORE004", "symlink points outside the scanned root; not followed")
    ]
    assert report.artifacts == []


def test_parse_env_refuses_reads_outside_the_root(layout: tuple[Path, Path]) -> None:
    root, outside = layout
    (root / "conf").mkdir()
    (root / "conf" / "ok.conf").write_text("x\n", encoding="utf-8")
    (root / "conf" / "escape.conf").symlink_to(outside / "Dockerfile")
    (root / "conf" / "self").symlink_to(root / "conf" / "self")
    (root / "conf" / "bin").write_bytes(b"\x00\x01")
    env = ParseEnv(root=root.resolve(), settings=Settings(max_file_size=100))
    assert env.read(root / "conf" / "ok.conf").text == "x\n"
    assert env.exists(root / "conf" / "ok.conf")
    for bad, why in [
        (root / ".." / "outside" / "Dockerfile", "outside the scanned root"),
        (Path("/etc/passwd"), "outside the scanned root"),
        (root / "conf" / "escape.conf", "outside the scanned root"),
        (root / "conf" / "self", "symlink loop"),
        (root / "conf" / "bin", "NUL bytes"),
    ]:
        with pytest.raises(Refused, match=why):
            env.read(bad)
        assert not env.exists(bad) or bad.name == "bin"
    (root / "big.conf").write_text("x" * 200, encoding="utf-8")
    with pytest.raises(Refused, match="larger than the 100 byte limit"):
        env.read(root / "big.conf")


def test_yaml_tags_never_construct_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f"a: !!python/object/apply:os.system ['touch {marker}']\n"
        "b: !!python/object/new:subprocess.Popen [['true']]\n"
        "c: !!python/name:os.system\n"
        "d: !custom {x: 1}\n"
    )
    doc = load_yaml(SourceFile(Path("compose.yaml"), text))
    assert doc.errors == []
    assert isinstance(doc.root, YMap)
    tags = {p.key.value: p.value.tag for p in doc.root.pairs}
    assert tags == {
        "a": "tag:yaml.org,2002:python/object/apply:os.system",
        "b": "tag:yaml.org,2002:python/object/new:subprocess.Popen",
        "c": "tag:yaml.org,2002:python/name:os.system",
        "d": "!custom",
    }
    c = doc.root.get("c")
    assert isinstance(c, YScalar) and c.value == ""
    assert not marker.exists()


def test_a_nul_byte_in_a_referenced_name_is_refused(layout: tuple[Path, Path]) -> None:
    """A name a file gives (``include: ["\\0"]``) with a NUL byte: resolving it afresh at read
    time raised ValueError (CORE001 in the Compose parser); it is refused like any other name
    that cannot be resolved."""
    root, _ = layout
    env = ParseEnv(root=root, settings=Settings())
    with pytest.raises(Refused, match=r"cannot resolve .*: not a usable file name$"):
        env.read(root / "a\x00b.yaml")
