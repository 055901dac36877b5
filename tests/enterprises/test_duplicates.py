"""The duplicate finder's judgement on pairs an officer would recognise (pure, no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from enterprises.duplicates import Confidence, Reason, Record, assess, core_name

HEAD, OTHER_HEAD = "3100000016", "3100000023"  # both pass the check digit


def test_the_legal_form_accents_and_punctuation_do_not_count_in_a_name() -> None:
    assert core_name("CÔNG TY TNHH MTV Gỗ Tân Phong") == core_name("Cty tnhh gỗ  Tân-Phong") == "go tan phong"


def test_two_valid_codes_with_the_same_words_in_another_order_and_form_are_two_enterprises() -> None:
    a = Record(HEAD, "DNTN Ngân Lộc", legal_form="dntn", ward=1)
    b = Record(OTHER_HEAD, "Công ty TNHH Lộc Ngân", legal_form="tnhh_2tv", ward=1)
    assert assess(a, b) is None


def test_two_valid_codes_are_never_more_than_possible() -> None:
    a = Record(HEAD, "Công ty TNHH Gỗ Tân Phong", street_address="12 Lê Lợi", ward=1, phone="0251 3822 000")
    b = Record(OTHER_HEAD, "Cty TNHH Gỗ Tân Phong", street_address="12 Lê Lợi", ward=1, phone="+84 251 3822 000")
    match = assess(a, b)
    assert match is not None
    assert match.confidence == Confidence.POSSIBLE
    assert {Reason.DIFFERENT_HEADS, Reason.SAME_NAME, Reason.SAME_CONTACT, Reason.SAME_ADDRESS} <= set(match.reasons)


def test_a_branch_entered_under_its_head_offices_name_is_certain() -> None:
    match = assess(Record(HEAD, "Công ty CP Sao Mai"), Record(f"{HEAD}-001", "Chi nhánh Công ty Cổ phần Sao Mai"))
    assert match is not None
    assert (match.confidence, match.reasons[0]) == (Confidence.CERTAIN, Reason.BRANCH_OF)


def test_a_mistyped_code_with_the_same_name_and_address_is_certain() -> None:
    a = Record(HEAD, "Công ty TNHH Bình Minh", street_address="5 Trần Phú", ward=7)
    b = Record("3100000017", "CÔNG TY TNHH BÌNH MINH", street_address="số 5 Trần Phú", ward=7)  # fails its check
    match = assess(a, b)
    assert match is not None
    assert match.confidence == Confidence.CERTAIN
    assert Reason.CODE_UNCHECKED in match.reasons


def test_different_names_in_one_ward_are_not_offered() -> None:
    assert (
        assess(Record(HEAD, "Công ty TNHH An Phát", ward=3), Record("3100000017", "Công ty TNHH Hòa Bình", ward=3))
        is None
    )


names = st.sampled_from(["Công ty TNHH An Phát", "Cty An Phát", "DNTN An Phát Hưng", "HTX Phát An", "Hòa Bình"])
codes = st.sampled_from([HEAD, OTHER_HEAD, f"{HEAD}-001", f"{HEAD}-002", "3100000017", "079203004567"])
records = st.builds(
    Record,
    tax_code=codes,
    name=names,
    legal_form=st.sampled_from(["", "dntn", "tnhh_2tv"]),
    street_address=st.sampled_from(["", "12 Lê Lợi", "số 12 Lê Lợi", "40 Hùng Vương"]),
    ward=st.sampled_from([None, 1, 2]),
    phone=st.sampled_from(["", "0251 3822 000", "0909 111 222"]),
)


@given(records, records)
def test_the_judgement_does_not_depend_on_which_record_comes_first(a: Record, b: Record) -> None:
    forward, backward = assess(a, b), assess(b, a)
    assert (forward is None) == (backward is None)
    if forward is not None and backward is not None:
        assert (forward.confidence, set(forward.reasons)) == (backward.confidence, set(backward.reasons))
