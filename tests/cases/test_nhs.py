"""NHS numbers: the Modulus 11 check, and how they are shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cases.nhs import format_nhs_number, is_valid_nhs_number, nhs_number_problem


def check_digit(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return {11: 0, 10: None}.get(check, check)


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_numbers_pass(number: str) -> None:
    assert nhs_number_problem(number) is None
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize(
    "number, reason",
    [
        ("9434765918", "check digit"),
        ("943476591", "10 digits, not 9"),
        ("94347659190", "10 digits, not 11"),
        ("94347659l9", "only digits"),
        ("٩٤٣٤٧٦٥٩١٩", "only digits"),  # Arabic-Indic digits are digits, but not NHS ones
    ],
)
def test_invalid_numbers_say_why(number: str, reason: str) -> None:
    problem = nhs_number_problem(number)
    assert problem is not None and reason in problem


def test_shown_in_three_groups() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_the_numbers_with_the_right_check_digit_are_valid(nine: str) -> None:
    expected = check_digit(nine)
    for last in range(10):
        assert is_valid_nhs_number(nine + str(last)) == (expected == last)
