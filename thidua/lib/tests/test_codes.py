"""Verification codes: typed back in any case and spacing, look-alike letters read as digits."""

from thidua.lib.codes import (
    ALPHABET,
    code_candidates,
    group_code,
    is_new_code,
    new_code,
    normalise_code,
)


def test_a_new_code_is_twenty_crockford_characters_without_look_alikes():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 20 and set(code) <= set(ALPHABET)
        assert not set(code) & set("ILOU")
    assert len(ALPHABET) == 32  # 20 characters × 5 bits = 100 bits


def test_a_code_is_printed_in_groups_of_four():
    assert group_code("7KQ2M9XDAB3CPQRSTVWX") == "7KQ2-M9XD-AB3C-PQRS-TVWX"


def test_an_earlier_code_is_printed_as_issued():
    old = "aB3-dE_fGh1iJkLmNoPqRsTu"
    assert group_code(old) == old and not is_new_code(old)


def test_a_typed_code_is_read_in_any_case_with_spaces_and_hyphens():
    assert normalise_code("7kq2 m9xd-ab3c  pqrs\ttvwx") == "7KQ2M9XDAB3CPQRSTVWX"
    assert normalise_code("7KQ2–M9XD") == "7KQ2M9XD"  # an en dash, as word processors print it


def test_letters_people_confuse_with_digits_are_read_as_the_digits():
    assert normalise_code("oOiIlL") == "001111"


def test_candidates_hold_the_earlier_code_exactly_and_the_normalised_new_one():
    assert code_candidates(" aB3-dE_fGh1iJkLmNoPqRsTu ") == ["aB3-dE_fGh1iJkLmNoPqRsTu"]
    assert code_candidates("7kq2 m9xd ab3c pqrs tvwx") == ["7kq2m9xdab3cpqrstvwx", "7KQ2M9XDAB3CPQRSTVWX"]
    assert code_candidates("   ") == []
