"""Find ../shared for workflow tests (beside the checkout, or DEPLOYLINT_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SHARED


def shared(*parts: str) -> Path:
    base = Path(os.environ.get("DEPLOYLINT_SHARED", str(SHARED)))
    p = base.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not beside this checkout (set DEPLOYLINT_SHARED to run it)")
    return p
