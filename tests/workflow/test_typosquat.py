"""deploylint.models.workflow_popular: the popular-action table and the one-slip check (GHA058)."""

from __future__ import annotations

import pytest

from deploylint.models.workflow_popular import POPULAR_ACTIONS, one_slip, squatted


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("action/checkout", "actions/checkout"),  # left out
        ("actiions/checkout", "actions/checkout"),  # typed twice
        ("cations/checkout", "actions/checkout"),  # neighbours swapped
        ("acti0ns/checkout", "actions/checkout"),  # look-alike
        ("actionx/checkout", "actions/checkout"),  # neighbouring key
        ("docker/rnetadata-action", "docker/metadata-action"),  # rn for m
    ],
)
def test_one_slip(written: str, meant: str) -> None:
    assert one_slip(written, meant)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("actions/checkout", "actions/checkout"),
        ("actionp/checkout", "actions/checkout"),  # p is nowhere near s
        ("ationss/checkout", "actions/checkout"),  # two slips
        ("example/checkout", "actions/checkout"),
    ],
)
def test_not_one_slip(written: str, meant: str) -> None:
    assert not one_slip(written, meant)


def test_squatted_names_the_meant_action_of_another_owner() -> None:
    assert squatted("dokcer/login-action") == "docker/login-action"
    assert squatted("actions/chckout") is None  # same owner: not a squat
    assert squatted("docker/login-actions") is None  # a listed owner


def test_table_members_never_fire_and_are_told_apart() -> None:
    """No listed action is a near miss of another owner's: each is reported as itself, never as
    a squat, whichever way the comparison runs."""
    assert all(squatted(s) is None for s in POPULAR_ACTIONS)
    close = [
        (a, b)
        for a in sorted(POPULAR_ACTIONS)
        for b in sorted(POPULAR_ACTIONS)
        if a.split("/")[0] != b.split("/")[0] and one_slip(a, b)
    ]
    assert close == []


def test_table_is_lower_case_owner_repo() -> None:
    assert all(s == s.lower() and s.count("/") == 1 for s in POPULAR_ACTIONS)
