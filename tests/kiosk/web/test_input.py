"""The keyboard's candidate endpoints: JSON in and out, real engines behind them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

STROKES = Path(__file__).resolve().parents[2] / "samples" / "input" / "strokes.json"


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_the_keyboard_learns_which_methods_there_are(client):
    assert client.get("/api/input/methods").get_json() == {"methods": ["handwriting", "pinyin"]}


def test_pinyin_candidates_and_a_commit(client):
    reply = post(client, "/api/input/pinyin", {"keys": "xiaochidian"}).get_json()
    assert reply["candidates"][0] == "小吃店" and reply["commit"] is None
    assert post(client, "/api/input/pinyin", {"keys": "xiaochidian", "picks": [0]}).get_json()["commit"] == "小吃店"
    assert post(client, "/api/input/pinyin", {"keys": "xiaochidian", "page": 1}).get_json()["page"] == 1


def test_handwriting_candidates(client):
    strokes = json.loads(STROKES.read_text(encoding="utf-8"))["characters"]["餐"]
    reply = post(client, "/api/input/handwriting", {"strokes": strokes, "width": 1024, "height": 1024}).get_json()
    assert "餐" in reply["candidates"][:5]


@pytest.mark.parametrize("path, body", [
    ("/api/input/pinyin", {"keys": "ZHANG"}),
    ("/api/input/pinyin", {"keys": 12}),
    ("/api/input/pinyin", {"keys": "zhang", "picks": ["0"]}),
    ("/api/input/pinyin", {"keys": "zhang", "page": "1"}),
    ("/api/input/pinyin", ["zhang"]),
    ("/api/input/handwriting", {"strokes": "x", "width": 300, "height": 300}),
    ("/api/input/handwriting", {"strokes": [[[1, 2, 3]]], "width": 300, "height": 300}),
    ("/api/input/handwriting", {"strokes": [[[1, 2]]], "width": True, "height": 300}),
])
def test_bad_requests_get_a_clear_400(client, path, body):
    reply = post(client, path, body)
    assert reply.status_code == 400
    assert reply.get_json()["error"] and reply.get_json()["detail"]


def test_a_kiosk_without_chinese_input_says_so(tmp_path):
    from tests.conftest import make_app
    app = make_app(tmp_path, INPUT_PINYIN=None, INPUT_HANDWRITING=None)
    client = app.test_client()
    assert client.get("/api/input/methods").get_json() == {"methods": []}
    assert post(client, "/api/input/pinyin", {"keys": "a"}).status_code == 404
    app.extensions["kiosk"].db.dispose()


def test_lookups_need_the_page_token_like_every_post(tmp_path):
    from tests.conftest import make_app
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    assert post(app.test_client(), "/api/input/pinyin", {"keys": "a"}).status_code == 400
    app.extensions["kiosk"].db.dispose()
