from __future__ import annotations

from deploylint.settings import Settings
from tests.core.conftest import Scan, triples


def test_line_above_and_trailing(scan: Scan) -> None:
    text = "# deploylint: ignore[DKR901] known\nlatest\nlatest # deploylint: ignore[no-latest]\nlatest\n"
    assert triples(scan({"Dockerfile": text})) == [("Dockerfile", "DKR901", 4, 1)]


def test_comment_lines_between_pragma_and_code(scan: Scan) -> None:
    text = "# deploylint: ignore[DKR901]\n# another comment\n\nlatest\n"
    assert triples(scan({"Dockerfile": text})) == []


def test_file_level(scan: Scan) -> None:
    text = "latest\n# deploylint: ignore-file[DKR901]\nlatest\nsoft\n"
    assert triples(scan({"Dockerfile": text})) == [("Dockerfile", "DKR902", 4, 1)]
    assert triples(scan({"Dockerfile": "# deploylint: ignore-file\nlatest\nsoft\n"})) == []


def test_unknown_and_unused_are_reported_at_the_code(scan: Scan) -> None:
    text = "# deploylint: ignore[DKR999, DKR901]\nok\n"
    assert triples(scan({"Dockerfile": text})) == [
        ("Dockerfile", "CORE003", 1, 22),
        ("Dockerfile", "CORE002", 1, 30),
    ]


def test_unused_not_reported_for_disabled_rule(scan: Scan) -> None:
    text = "# deploylint: ignore[DKR901]\nok\n"
    assert triples(scan({"Dockerfile": text}, Settings(ignore=["DKR901"]))) == []


def test_peer_pragmas_through_aliases(scan: Scan) -> None:
    text = "# hadolint ignore=DL3007,SC2086\nlatest\nlatest\n"
    assert triples(scan({"Dockerfile": text})) == [("Dockerfile", "DKR901", 3, 1)]
    text = "# hadolint global ignore=DL3007\nlatest\nlatest\n"
    assert triples(scan({"Dockerfile": text})) == []
    # peers' pragmas are never reported as unused or unknown
    assert triples(scan({"Dockerfile": "# hadolint ignore=DL3007,SC1000\nok\n"})) == []
    assert triples(scan({"Dockerfile": "latest # zizmor: ignore[DL3007]\n"})) == []
    assert triples(scan({"Dockerfile": "# trivy:ignore:DL3007\nlatest\n"})) == []


def test_no_ignores_disables_everything(scan: Scan) -> None:
    text = "# deploylint: ignore[DKR901]\nlatest\n# deploylint: ignore[DKR999]\nok\n"
    assert triples(scan({"Dockerfile": text}, Settings(no_ignores=True))) == [("Dockerfile", "DKR901", 2, 1)]


def test_prefix_and_tag_codes(scan: Scan) -> None:
    assert triples(scan({"Dockerfile": "# deploylint: ignore[DKR]\nlatest\n"})) == []
    assert triples(scan({"Dockerfile": "# deploylint: ignore[hardening]\nsoft\n"})) == []
