"""checkov's own Dockerfile test resources (in the shared corpus) against the rules carrying its ids.

A file under a failing folder must fire the rule, one under a passing folder must not; the few
places where we deliberately differ are listed with the reason.
"""

from __future__ import annotations

import pytest

from deploylint.kinds import Kind
from deploylint.testing import lint_text
from tests.conftest import SHARED, shared_path

BASE = "corpus/dockerfile/bridgecrewio__checkov/tests/dockerfile"
RULES = {
    "graph_builder/checks/resources/EnvGitSslNoVerify": "DKR048",
    "graph_builder/checks/resources/EnvNodeTlsRejectUnauthorized": "DKR048",
    "graph_builder/checks/resources/EnvNpmConfigStrictSsl": "DKR048",
    "graph_builder/checks/resources/EnvPipTrustedHost": "DKR048",
    "graph_builder/checks/resources/EnvPythonHttpsVerify": "DKR048",
    "graph_builder/checks/resources/RunNpmConfigSetStrictSsl": "DKR048",
    "graph_builder/checks/resources/RunPipTrustedHost": "DKR048",
    "graph_builder/checks/resources/RunUnsafeCurl": "DKR048",
    "graph_builder/checks/resources/RunUnsafeWget": "DKR048",
    "graph_builder/checks/resources/RunYumConfigManagerSslVerify": "DKR048",
    "graph_builder/checks/resources/RunApkAllowUntrusted": "DKR069",
    "graph_builder/checks/resources/RunAptGetAllowUnauthenticated": "DKR069",
    "graph_builder/checks/resources/RunAptGetForceYes": "DKR069",
    "graph_builder/checks/resources/RunRpmNoSignature": "DKR069",
    "graph_builder/checks/resources/RunYumNoGpgCheck": "DKR069",
    "graph_builder/checks/resources/RunChpasswd": "DKR070",
    "graph_builder/checks/resources/RunUsingSudo": "DKR052",
    "checks/example_AddExists": "DKR032",
    "checks/example_AliasIsUnique": "DKR023",
    "checks/example_ExposePort22": "DKR046",
    "checks/example_MaintainerExists": "DKR017",
    "checks/example_RunUsingAPT": "DKR065",
    "checks/example_UpdateNotAlone": "DKR067",
    "checks/example_WorkdirIsAbsolute": "DKR016",
}
#: (folder/file relative to BASE) -> why we differ
DIFFERENCES = {
    "checks/example_AddExists/failure/Dockerfile": "ADD of a URL passes here: COPY cannot download (DKR032)",
    "checks/example_WorkdirIsAbsolute/failure/Dockerfile": (
        "a relative WORKDIR after an absolute one is well defined (BuildKit's WorkdirRelativePath agrees)"
    ),
}


def _cases() -> list[tuple[str, str, bool]]:
    out = []
    root = SHARED / BASE
    for folder, rule_id in RULES.items():
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if path.is_file() and path.name.startswith("Dockerfile"):
                rel = path.relative_to(root).as_posix()
                parent = path.parent.name
                out.append((rel, rule_id, parent.startswith(("fail", "failure"))))
    return out


@pytest.mark.parametrize(("rel", "rule_id", "fires"), _cases() or [("", "", False)])
def test_checkov_case(rel: str, rule_id: str, fires: bool) -> None:
    base = shared_path(*BASE.split("/"))
    if not rel:
        pytest.skip("checkov's test resources are not in the shared corpus")
    text = (base / rel).read_text(encoding="utf-8", errors="replace")
    got = rule_id in {t[0] for t in lint_text(text, Kind.DOCKERFILE, select=[rule_id])}
    if rel in DIFFERENCES:
        assert got != fires, f"{rel} no longer differs: {DIFFERENCES[rel]}"
    else:
        assert got == fires, f"{rel}: expected {rule_id} to {'fire' if fires else 'pass'}"
