"""Findings about secrets name the variable and show a masked form, never the value, in any format."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from deploylint.engine import Engine, Report
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Settings
from deploylint.testing import registry

# distinctive values: each must be found by a secret rule and must never be printed
SECRETS = {
    "gh_token": "ghp_Zq8" + "Xv3Lm9Tt2Rw7Yp4Ks6Nd1Hf5Jc0Bg2Ve8Qa",
    "aws_key": "AKIA" + "QX7ZK2PL9MWT4HRN",
    "password": "Hunter2-" + "Zebra-Quasar-91",
    "api_key": "k9F2" + "hQ7mP3xW8rT5",
    "db_url_password": "s3cr3t" + "Pw0rdXyz",
    "action_token": "ghp_Mn4" + "Kd8Rt2Wq6Zp1Lx9Vb3Hs7Jf5Tc0Ye2Ua4",
}

FILES = {
    "Dockerfile": (
        f"ARG GITHUB_TOKEN={SECRETS['gh_token']}\nFROM node:20-slim\n"
        f"ENV DB_PASSWORD={SECRETS['password']} APP_MODE=prod\nENV SOME_CONFIG={SECRETS['aws_key']}\n"
        "USER node\n"
    ),
    "compose.yaml": (
        "services:\n  db:\n    image: postgres:16.4\n    environment:\n"
        f"      POSTGRES_PASSWORD: {SECRETS['password']}\n"
        f"      DATABASE_URL: postgres://app:{SECRETS['db_url_password']}@db:5432/app\n"
        f"      API_KEY: {SECRETS['api_key']}\n"
    ),
    ".github/workflows/ci.yml": (
        "on: push\npermissions: {}\nenv:\n"
        f"  AWS_ACCESS_KEY_ID: {SECRETS['aws_key']}\n"
        "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: some/action@8f4b7f84864484a7bf31766abe9204da3cbe65b3\n        with:\n"
        f"          github-token: {SECRETS['action_token']}\n"
        f"      - run: |\n          curl -H 'Authorization: token {SECRETS['gh_token']}' https://api.github.com\n"
    ),
}

SECRET_RULES = {"DKR008", "CMP008", "GHA006"}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("secrets")
    for rel, text in FILES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    s = Settings(jobs=1, root=root.resolve(), fail_on=None, preview=True)
    return Engine(s, registry()).run([root])


def test_secret_rules_fire(report: Report) -> None:
    fired = {f.rule_id for f in report.findings}
    missing = SECRET_RULES - fired
    assert not missing, f"secret rules did not fire, the test would prove nothing: {missing}"
    assert sum(1 for f in report.findings if f.rule_id in SECRET_RULES) >= 6


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_values_never_printed(report: Report, fmt: str) -> None:
    out = io.StringIO()
    get(fmt)(report, out, ReportOptions(statistics=True))
    text = out.getvalue()
    for name, value in SECRETS.items():
        assert value not in text, f"{name} printed in {fmt} output"
        # nor a long piece of it (a mask must hide most of the value)
        assert value[: len(value) // 2 + 2] not in text, f"most of {name} printed in {fmt} output"


def test_messages_name_the_variable(report: Report) -> None:
    msgs = [f.message for f in report.findings if f.rule_id in SECRET_RULES]
    assert any("DB_PASSWORD" in m for m in msgs), msgs
    assert any("POSTGRES_PASSWORD" in m for m in msgs), msgs


def test_fix_edits_do_not_carry_values(report: Report) -> None:
    for f in report.findings:
        if f.fix is None:
            continue
        for e in f.fix.edits:
            assert not any(v in e.text for v in SECRETS.values()), f
    assert Path  # keep the import used when no fix exists
