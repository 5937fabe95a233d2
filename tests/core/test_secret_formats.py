"""One list of token formats and one vocabulary of secret names serve DKR008, CMP008, GHA006 and PRJ003."""

from __future__ import annotations

import pytest

from deploylint.models.secrets import name_is_secret, token_format, token_match

# built from parts so that no scanner mistakes this file for a leak
_GH = "gh" + "p_" + "a1B2" * 9
_AWS = "AKIA" + "Z" * 16
_GOOGLE = "AIza" + "x" * 35
_PYPI = "pypi-" + "AgEIcHlwaS5vcmc" + "y" * 50
_KEY_BODY = "MIIEpAIBAAKCAQEA" + "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLez" * 2


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (_GH, "GitHub token"),
        (f"key={_AWS}", "AWS access key id"),
        (_GOOGLE, "Google API key"),
        (_PYPI, "PyPI token"),
        (f"-----BEGIN RSA PRIVATE KEY-----\n{_KEY_BODY}", "private key"),
        (f"-----BEGIN PRIVATE KEY-----\\n{_KEY_BODY}", "private key"),  # an env file's escaped newline
        # a header with a few characters of body is a stub in test data, not a key
        ("-----BEGIN RSA PRIVATE KEY-----", None),
        ("-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----", None),
        ("not-a-token", None),
    ],
)
def test_formats(value: str, kind: str | None) -> None:
    assert token_format(value) == kind


def test_the_leftmost_token_wins_with_its_span() -> None:
    value = f"a {_GOOGLE} b {_GH}"
    assert token_match(value) == ("Google API key", 2, 2 + len(_GOOGLE))


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DB_PASSWORD", True),
        ("DB_USER_PASSWORD", True),  # a harmless word inside the name does not clear it
        ("NAGIOSADMIN_PASS", True),
        ("apiToken", True),
        ("SECRET_KEY_BASE", True),
        ("SENTRY_DSN", True),
        ("JWT_SIGNING_KEY", True),
        ("PASSWORD_FILE", False),  # the last word says it holds something about a secret
        ("AWS_ACCESS_KEY_ID", False),
        ("TOKEN_URL", False),
        ("SECRET_NAME", False),
        ("BYPASS_CACHE", False),
        ("PUBLIC_KEY", False),
        ("TOKENIZER", False),
    ],
)
def test_one_vocabulary_for_secret_names(name: str, secret: bool) -> None:
    assert name_is_secret(name) is secret
