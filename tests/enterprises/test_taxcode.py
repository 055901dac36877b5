from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.vn import mst

from enterprises.taxcode import TaxCodeError, TaxCodeKind, check_digit, is_valid_head, parse

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def valid_head(first_nine: str) -> str:
    digit = check_digit(first_nine)
    assume(digit is not None)
    return f"{first_nine}{digit}"


def test_published_example_and_normal_forms() -> None:
    assert check_digit("010010910") == 6  # S = 114, 114 mod 11 = 4, 10 − 4 = 6
    assert parse("0100109106").value == "0100109106"
    assert parse(" 0100.109.106 ").value == "0100109106"
    assert parse("100109106").value == "0100109106"  # the zero a spreadsheet dropped
    assert parse(100109106).value == "0100109106"
    assert parse(100109106.0).value == "0100109106"
    branch = parse("0100109106 - 1".replace(" ", ""))
    assert (branch.value, branch.kind, branch.head) == ("0100109106-001", TaxCodeKind.BRANCH, "0100109106")
    assert parse("0100109106001").value == "0100109106-001"
    assert parse("001203004567").kind == TaxCodeKind.PERSONAL
    assert parse("01203004567").value == "001203004567"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        (None, "empty"),
        ("0100109107", "check_digit"),
        ("0100109106-000", "branch_suffix"),
        ("01001O9106", "characters"),
        ("12345", "length"),
        ("1234567890123456", "length"),
        (1.5, "characters"),
    ],
)
def test_rejections_name_their_reason(raw: object, reason: str) -> None:
    with pytest.raises(TaxCodeError) as error:
        parse(raw)
    assert error.value.reason == reason


def test_nine_digits_whose_check_would_be_ten_never_form_a_code() -> None:
    first_nine = next(f"{n:09d}" for n in range(10**6) if check_digit(f"{n:09d}") is None)
    assert not any(is_valid_head(first_nine + str(digit)) for digit in range(10))


@given(nine_digits, st.integers(min_value=1, max_value=999))
def test_every_valid_code_round_trips_in_every_written_form(first_nine: str, branch: int) -> None:
    code = valid_head(first_nine)
    assert parse(code).value == code
    assert parse(f"{code[:4]} {code[4:7]}.{code[7:]}").value == code
    if not code.startswith("00"):  # a number keeps one dropped zero recoverable, not two
        assert parse(int(code)).value == code
    assert parse(f"{code}-{branch}").value == f"{code}-{branch:03d}"
    assert parse(parse(f"{code}-{branch}").value).value == f"{code}-{branch:03d}"


@given(nine_digits, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_a_single_digit_change_is_caught_unless_it_makes_another_valid_code(
    first_nine: str, position: int, shift: int
) -> None:
    code = valid_head(first_nine)
    changed = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
    try:
        parse(changed)
    except TaxCodeError:
        assert not mst.is_valid(changed)
    else:
        assert mst.is_valid(changed)


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_agrees_with_python_stdnum_on_any_ten_digits(digits: str) -> None:
    assert is_valid_head(digits) == mst.is_valid(digits)
