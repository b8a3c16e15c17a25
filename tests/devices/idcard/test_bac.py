"""Basic Access Control against the worked example of ICAO 9303 part 11, appendix D."""
import pytest

from devices.base import CardReadError
from devices.idcard.icao_bac import (
    BacError, BacKeys, chip_answer, derive_keys, key_seed, retail_mac, terminal_cryptogram,
    terminal_session,
)

H = bytes.fromhex
INFO = "L898902C<369080619406236"
RND_IC, RND_IFD = H("4608F91988702212"), H("781723860C06C226")
K_IFD, K_IC = H("0B795240CB7049B01C19B33E32804F0B"), H("0B4F80323EB3191CB04970CB4052790B")
E_IFD_M_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2" "5F1448EEA8AD90A7")
E_IC_M_IC = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F" "2F2D235D074D7449")


def test_document_basic_access_keys_match_appendix_d():
    assert key_seed(INFO) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    keys = BacKeys.from_mrz_information(INFO)
    assert keys.enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.mac == H("7962D9ECE03D1ACD4C76089DCE131543")
    assert BacKeys.from_document("L898902C", "690806", "940623") == keys


def test_derived_keys_have_odd_des_parity():
    for key in derive_keys(bytes(range(16))):
        assert all(bin(byte).count("1") % 2 == 1 for byte in key)


def test_retail_mac_of_the_terminal_cryptogram():
    assert retail_mac(H("7962D9ECE03D1ACD4C76089DCE131543"), E_IFD_M_IFD[:32]) == H("5F1448EEA8AD90A7")


def test_mutual_authentication_reproduces_the_worked_example():
    keys = BacKeys.from_mrz_information(INFO)
    command = terminal_cryptogram(keys, RND_IC, RND_IFD, K_IFD)
    assert command == E_IFD_M_IFD
    answer, chip_session = chip_answer(keys, command, RND_IC, K_IC)
    assert answer == E_IC_M_IC
    session = terminal_session(keys, answer, RND_IC, RND_IFD, K_IFD)
    assert session == chip_session
    assert session.enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert session.mac == H("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert session.ssc == 0x887022120C06C226


def test_chip_refuses_a_cryptogram_made_from_another_mrz():
    wrong = BacKeys.from_document("L898902C", "690806", "940624")
    command = terminal_cryptogram(wrong, RND_IC, RND_IFD, K_IFD)
    with pytest.raises(BacError):
        chip_answer(BacKeys.from_mrz_information(INFO), command, RND_IC, K_IC)


def test_chip_refuses_a_cryptogram_for_an_old_challenge():
    keys = BacKeys.from_mrz_information(INFO)
    command = terminal_cryptogram(keys, H("0000000000000000"), RND_IFD, K_IFD)
    with pytest.raises(BacError, match="challenge"):
        chip_answer(keys, command, RND_IC, K_IC)


@pytest.mark.parametrize("answer", [
    E_IC_M_IC[:-1] + bytes([E_IC_M_IC[-1] ^ 1]),   # MAC flipped
    E_IC_M_IC[:39],                                 # truncated
])
def test_terminal_rejects_a_forged_or_short_chip_answer(answer):
    with pytest.raises(BacError) as caught:
        terminal_session(BacKeys.from_mrz_information(INFO), answer, RND_IC, RND_IFD, K_IFD)
    assert isinstance(caught.value, CardReadError)
    assert "资料页" in caught.value.citizen_message


def test_terminal_rejects_an_answer_to_other_nonces():
    keys = BacKeys.from_mrz_information(INFO)
    answer, _ = chip_answer(keys, E_IFD_M_IFD, RND_IC, K_IC)
    with pytest.raises(BacError, match="nonces"):
        terminal_session(keys, answer, RND_IC, H("0000000000000000"), K_IFD)


def test_keys_do_not_show_in_repr():
    keys = BacKeys.from_mrz_information(INFO)
    assert keys.enc.hex() not in repr(keys).lower() and "AB94" not in repr(keys)
