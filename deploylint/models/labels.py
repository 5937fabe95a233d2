"""Label schemas: which labels an image must carry and what form each value takes.

The schema comes from ``[tool.deploylint.dockerfile] required-labels`` (``{"org.opencontainers.
image.source" = "url", ...}``) or from hadolint's ``label-schema``. Each form is checked by
:func:`valid` as its standard defines it: an absolute URL with a host, an RFC 3339 date-time, an
SPDX licence expression, a git commit hash (7 to 40 hex digits), a semantic version 2.0.0, an
e-mail address; ``text`` takes any non-empty value.
"""

from __future__ import annotations

import re

__all__ = ["FORMS", "describe", "valid"]

#: the forms a schema may name, and how a message describes each
FORMS: dict[str, str] = {
    "text": "a value",
    "url": "a URL",
    "rfc3339": "an RFC 3339 date-time",
    "spdx": "an SPDX licence expression",
    "hash": "a git commit hash",
    "semver": "a semantic version",
    "email": "an e-mail address",
}

_RFC3339 = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
)
_HASH = re.compile(r"[0-9a-fA-F]{7,40}")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*")
#: licence identifiers from the SPDX list that images commonly carry; anything else can be
#: written as ``LicenseRef-<name>``, which SPDX reserves for licences outside its list
_SPDX_IDS = frozenset(
    s.lower()
    for s in [
        "0BSD",
        "AFL-3.0",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "Apache-1.1",
        "Apache-2.0",
        "APSL-2.0",
        "Artistic-2.0",
        "BlueOak-1.0.0",
        "BSD-1-Clause",
        "BSD-2-Clause",
        "BSD-2-Clause-Patent",
        "BSD-3-Clause",
        "BSD-3-Clause-Clear",
        "BSD-4-Clause",
        "BSL-1.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC0-1.0",
        "CDDL-1.0",
        "CDDL-1.1",
        "CECILL-2.1",
        "CPL-1.0",
        "ECL-2.0",
        "EPL-1.0",
        "EPL-2.0",
        "EUPL-1.1",
        "EUPL-1.2",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "ISC",
        "LGPL-2.0-only",
        "LGPL-2.0-or-later",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "LPPL-1.3c",
        "MIT",
        "MIT-0",
        "MPL-1.1",
        "MPL-2.0",
        "MS-PL",
        "MS-RL",
        "MulanPSL-2.0",
        "NCSA",
        "ODbL-1.0",
        "OFL-1.1",
        "OpenSSL",
        "OSL-3.0",
        "PHP-3.01",
        "PostgreSQL",
        "PSF-2.0",
        "Python-2.0",
        "Ruby",
        "SSPL-1.0",
        "Unicode-DFS-2016",
        "Unlicense",
        "UPL-1.0",
        "Vim",
        "W3C",
        "WTFPL",
        "X11",
        "Zlib",
        "ZPL-2.1",
        "GPL-2.0",
        "GPL-3.0",
        "LGPL-2.1",
        "LGPL-3.0",
        "AGPL-3.0",
        "GPL-2.0+",
        "GPL-3.0+",
        "LGPL-2.1+",
        "Classpath-exception-2.0",
        "LLVM-exception",
        "GCC-exception-3.1",
    ]
)
_SPDX_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+:-]+")


def _spdx(value: str) -> bool:
    """An SPDX licence expression: ids joined by AND / OR / WITH, with parentheses."""
    tokens = _SPDX_TOKEN.findall(value)
    if not tokens or "".join(tokens) != value.replace(" ", ""):
        return False
    want_id = True
    depth = 0
    for tok in tokens:
        if tok == "(":
            if not want_id:
                return False
            depth += 1
        elif tok == ")":
            if want_id or depth == 0:
                return False
            depth -= 1
        elif tok in ("AND", "OR", "WITH"):
            if want_id:
                return False
            want_id = True
        else:
            if not want_id:
                return False
            low = tok.lower()
            if low not in _SPDX_IDS and not low.startswith(("licenseref-", "documentref-")):
                return False
            want_id = False
    return not want_id and depth == 0


_ALNUM_DASH = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")
_EMAIL_LOCAL = _ALNUM_DASH | frozenset(".!#$%&'*+/=?^_`{|}~")


def _semver(value: str) -> bool:
    """semver.org 2.0.0: MAJOR.MINOR.PATCH without leading zeros, then ``-pre.release`` and
    ``+build`` identifiers (checked by hand: a regex for it backtracks on long digit runs)."""
    core, plus, build = value.partition("+")
    if plus and not _idents(build, numeric_rule=False):
        return False
    core, dash, pre = core.partition("-")
    if dash and not _idents(pre, numeric_rule=True):
        return False
    parts = core.split(".")
    return len(parts) == 3 and all(_number(p) for p in parts)


def _number(p: str) -> bool:
    return p.isascii() and p.isdigit() and (p == "0" or not p.startswith("0"))


def _idents(text: str, *, numeric_rule: bool) -> bool:
    for ident in text.split("."):
        if not ident or not set(ident) <= _ALNUM_DASH:
            return False
        if numeric_rule and ident.isdigit() and not _number(ident):
            return False
    return True


def _email(value: str) -> bool:
    local, at, domain = value.rpartition("@")
    if not at or not local or not set(local) <= _EMAIL_LOCAL:
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(
        lab and set(lab) <= _ALNUM_DASH and not lab.startswith("-") and not lab.endswith("-") for lab in labels
    )


def valid(form: str, value: str) -> bool:
    """Whether ``value`` has the schema ``form`` (one of :data:`FORMS`)."""
    if form == "text":
        return value != ""
    if form == "url":
        return _URL.fullmatch(value) is not None
    if form == "rfc3339":
        return _RFC3339.fullmatch(value) is not None
    if form == "spdx":
        return _spdx(value)
    if form == "hash":
        return _HASH.fullmatch(value) is not None
    if form == "semver":
        return _semver(value)
    if form == "email":
        return _email(value)
    return True


def describe(form: str) -> str:
    return FORMS.get(form, "a value")
