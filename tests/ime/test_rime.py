"""librime with luna pinyin, through the ctypes binding."""
from __future__ import annotations

import pytest

from ime import InputError, load_methods
from ime.rime import RimePinyin


def test_whole_words_come_first_in_simplified_characters(rime):
    assert rime.compose("gongshanghu").candidates[0] == "工商户"
    assert rime.compose("hangzhou").candidates[0] == "杭州"
    assert "经营" in rime.compose("jingying").candidates[:5]


def test_pages_follow_one_another_without_repeats(rime):
    first, second = rime.compose("shi", page_size=6), rime.compose("shi", page=1, page_size=6)
    assert len(first.candidates) == 6 and first.more and second.page == 1
    assert not set(first.candidates) & set(second.candidates)


def test_a_partial_pick_leaves_the_rest_to_compose_and_the_last_pick_commits(rime):
    keys = "zhangsan"
    first = rime.compose(keys)
    single = first.candidates.index("张")
    after = rime.compose(keys, [single])
    assert after.commit is None and after.preedit.startswith("张") and "三" in after.candidates
    done = rime.compose(keys, [single, after.candidates.index("三")])
    assert done.commit == "张三" and done.candidates == ()


def test_an_apostrophe_splits_syllables(rime):
    assert rime.compose("xi'an").candidates[0] == "西安"
    assert rime.compose("xian").candidates[0] != "西安"


def test_nothing_typed_is_nothing_to_show(rime):
    assert rime.compose("").candidates == ()


def test_what_one_citizen_picked_does_not_rise_for_the_next(rime):
    before = rime.compose("shi").candidates
    rare = before[5]
    for _ in range(3):
        assert rime.compose("shi", [5]).commit == rare
    assert rime.compose("shi").candidates == before
    assert not list(rime.user_dir.glob("*.userdb*"))          # nothing typed is kept on disk


@pytest.mark.parametrize("keys", ["Zhang", "zhang san", "张", "a" * 61, "{Return}"])
def test_keys_outside_the_alphabet_are_refused(rime, keys):
    with pytest.raises(InputError):
        rime.compose(keys)


def test_a_pick_beyond_the_candidates_is_refused(rime):
    with pytest.raises(InputError):
        rime.compose("zhang", [10_000])


def test_the_schema_is_deployed_into_the_user_folder(rime, tmp_path):
    assert rime.deploy_seconds > 0
    assert RimePinyin(str(tmp_path)).compose("hu").candidates   # a second engine shares the runtime


def test_methods_are_picked_by_name_and_a_wrong_name_fails_at_once(tmp_path):
    with pytest.raises(ValueError, match="unknown pinyin input method"):
        load_methods({"type": "sogou"}, None)
    methods = load_methods({"type": "rime", "user_dir": str(tmp_path)}, {"type": "zinnia"})
    assert sorted(methods) == ["handwriting", "pinyin"]


def test_a_missing_model_leaves_the_method_out(caplog):
    assert load_methods(None, {"type": "zinnia", "model": "/nonexistent.model"}) == {}
    assert "handwriting input 'zinnia' unavailable" in caplog.text
