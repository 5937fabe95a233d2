"""Signal over noise: a well-configured reverse proxy gets no finding at all."""

from __future__ import annotations

from pathlib import Path

from deploylint.kinds import Kind
from deploylint.testing import lint_text

DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "nginx" / "default.conf"


def test_good_reverse_proxy_has_no_findings() -> None:
    text = (DATA / "good_proxy.conf").read_text(encoding="utf-8")
    assert lint_text(text, Kind.NGINX, select=["NGX"]) == []


def test_demo_config_reports_its_planted_problems() -> None:
    text = DEMO.read_text(encoding="utf-8")
    found = lint_text(text, Kind.NGINX, select=["NGX"], filename="conf.d/default.conf")
    assert found == [("NGX006", 67, 9), ("NGX008", 60, 9), ("NGX015", 49, 31)]
