"""The one pragma parser (deploylint/pragmas.py): suppress.py, DKR049 and DKR100 all read it."""

from __future__ import annotations

import pytest

from deploylint.kinds import Kind
from deploylint.parsers.dockerfile import parse_text
from deploylint.pragmas import Pragma, PragmaCode, Scope, Tool, parse_pragma
from deploylint.rules.dockerfile.dkr100_shellcheck import _pragmas
from deploylint.testing import lint_text


@pytest.mark.parametrize(
    ("text", "directive", "want"),
    [
        (
            " deploylint: ignore[DKR001, DKR002] why",
            False,
            Pragma(Tool.DEPLOYLINT, Scope.NEXT, (PragmaCode("DKR001", 20, 26), PragmaCode("DKR002", 28, 34))),
        ),
        (" deploylint: ignore-file", False, Pragma(Tool.DEPLOYLINT, Scope.FILE, (), all_rules=True)),
        (" deploylint: ignore-file[]", False, Pragma(Tool.DEPLOYLINT, Scope.FILE, ())),
        (
            " hadolint ignore=DL3008,SC2086",
            False,
            Pragma(Tool.HADOLINT, Scope.NEXT, (PragmaCode("DL3008", 17, 23), PragmaCode("SC2086", 24, 30))),
        ),
        (" hadolint global ignore=SC2046", False, Pragma(Tool.HADOLINT, Scope.FILE, (PragmaCode("SC2046", 24, 30),))),
        (" hadolint stage ignore=DL3003", False, Pragma(Tool.HADOLINT, Scope.STAGE, (PragmaCode("DL3003", 23, 29),))),
        (" zizmor: ignore[artipacked]", False, Pragma(Tool.ZIZMOR, Scope.NEXT, (PragmaCode("artipacked", 16, 26),))),
        (" trivy:ignore:DS-0001", False, Pragma(Tool.TRIVY, Scope.NEXT, (PragmaCode("DS-0001", 14, 21),))),
        (" checkov:skip=CKV_DOCKER_2", False, Pragma(Tool.CHECKOV, Scope.FILE, (PragmaCode("CKV_DOCKER_2", 14, 26),))),
        (
            "check=error=true;skip=StageNameCasing",
            True,
            Pragma(Tool.BUILDKIT, Scope.FILE, (PragmaCode("StageNameCasing", 22, 37),)),
        ),
        ("check=skip=all", True, Pragma(Tool.BUILDKIT, Scope.FILE, (PragmaCode("all", 11, 14),), all_rules=True)),
        # a check directive is a pragma only as a parser directive; prose is no pragma
        ("check=skip=all", False, None),
        ("check=error=true", True, None),
        (" a normal comment about hadolint ignore=DL3008", False, None),
        (" hadolint ignore=", False, None),
        (" deploylint: ignored", False, None),
    ],
)
def test_parse_pragma(text: str, directive: bool, want: Pragma | None) -> None:
    assert parse_pragma(text, directive=directive) == want


def test_shellcheck_codes_are_upper_cased_and_others_dropped() -> None:
    pragma = parse_pragma(" hadolint ignore=DL3008, sc2086 SC12345")
    assert pragma is not None
    assert pragma.shellcheck_codes == ("SC2086",)


def test_dkr100_reads_hadolint_pragmas_by_scope() -> None:
    text = (
        "# hadolint global ignore=SC2086\n"
        "FROM debian:12-slim\n"
        "# hadolint ignore=DL3008,SC2046\n"
        "RUN echo $(ls)\n"
        "# deploylint: ignore[SC2016]\n"
        "RUN echo '$x'\n"
    )
    df = parse_text(text).model
    assert df is not None
    # only hadolint's pragmas carry ShellCheck codes on to ShellCheck; ours suppress findings
    assert _pragmas(df) == (("SC2086",), {4: ("SC2046",)})


def test_dkr049_reports_what_suppresses() -> None:
    text = (
        "FROM alpine:3.20\n"
        "# hadolint ignore=\n"
        "RUN true\n"
        "# hadolint stage ignore=DL3003\n"
        "RUN cd /x\n"
        "# zizmor: ignore[artipacked]\n"
        "RUN true\n"
    )
    # an empty hadolint pragma suppresses nothing, so it is not reported; zizmor's syntax is not
    # a Dockerfile suppression this rule lists
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR049"]) == [("DKR049", 4, 1)]
