"""Sample identities: valid GB 11643 numbers that agree with the card data."""
from datetime import date

import pytest

from devices.idcard.base import FOREIGN_PERMANENT_2017, FOREIGN_PERMANENT_2023, HMT_RESIDENCE_PERMIT
from devices.samples import id_check_char, sample, samples

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("first17, check", [
    ("11010519491231002", "X"),  # the example number of GB 11643 itself
    ("44052418800101001", "4"),
    ("33010620030315122", "5"),
])
def test_check_char(first17, check):
    assert id_check_char(first17) == check


def test_check_char_needs_17_digits():
    with pytest.raises(ValueError):
        id_check_char("1234")


def test_at_least_six_samples_with_unique_keys():
    keys = [s.key for s in samples(TODAY)]
    assert len(keys) >= 6 and len(set(keys)) == len(keys)


@pytest.mark.parametrize("s", [s for s in samples(TODAY) if s.card.card_type != FOREIGN_PERMANENT_2017],
                         ids=lambda s: s.key)
def test_numbers_are_consistent_with_the_card(s):
    number = s.card.id_number
    assert len(number) == 18
    assert number[17] == id_check_char(number[:17])
    assert number[6:14] == s.card.birth_date.strftime("%Y%m%d")
    assert s.card.gender == ("男" if int(number[16]) % 2 else "女")


def test_the_required_people_are_there():
    cards = {s.key: s.card for s in samples(TODAY)}
    assert cards["young-hangzhou"].id_number.startswith("330106")
    assert 18 <= TODAY.year - cards["young-hangzhou"].birth_date.year <= 30
    assert TODAY.year - cards["senior-shanghai"].birth_date.year >= 60
    assert cards["expired-shenzhen"].expired_on(TODAY)
    assert cards["expired-shenzhen"].valid_until.year == TODAY.year - 1
    assert cards["longterm-xichang"].valid_until is None
    assert cards["hk-permit"].card_type == HMT_RESIDENCE_PERMIT
    assert cards["hk-permit"].id_number.startswith("810000")
    assert cards["foreign-2023"].card_type == FOREIGN_PERMANENT_2023


def test_unknown_sample_names_the_known_ones():
    with pytest.raises(KeyError, match="young-hangzhou"):
        sample("nobody")
