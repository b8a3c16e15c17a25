"""Screens that need no devices: choosing a service, preferences, errors, progress privacy."""
from __future__ import annotations


def test_home_groups_services_and_search_finds_by_pinyin_initials(client):
    page = client.get("/").get_data(as_text=True)
    assert "居住证申领" in page and "个人服务" in page
    found = client.get("/?q=jzz").get_data(as_text=True)
    assert "搜索结果" in found and 'data-test="matter-residence_permit"' in found.split("搜索结果")[1]
    none = client.get("/?q=zzzzzz").get_data(as_text=True)
    assert "没有找到相关事项" in none


def test_matter_page_lists_materials_and_unknown_matters_are_404(client):
    page = client.get("/matter/residence_permit").get_data(as_text=True)
    assert "居住证明" in page and "可容缺" in page
    assert client.get("/matter/no_such_thing").status_code == 404


def test_preferences_switch_language_large_text_and_contrast(client):
    client.post("/prefs", data={"set": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page
    client.post("/prefs", data={"set": "large_text", "next": "/"})
    client.post("/prefs", data={"set": "high_contrast", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert 'class="large-text high-contrast"' in page
    client.post("/prefs", data={"set": "large_text", "next": "/"})
    assert 'class=" high-contrast"' in client.get("/").get_data(as_text=True)


def test_prefs_never_redirect_off_site(client):
    response = client.post("/prefs", data={"set": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_flow_pages_without_a_draft_go_home(client):
    for path in ("/identify", "/form", "/materials", "/review"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/"


def test_personal_pages_are_not_cached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_progress_of_an_unknown_number_or_token_shows_nothing(client):
    response = client.get("/progress/20261120000001?t=guess")
    assert response.status_code == 404
    assert "没有找到该页面" in response.get_data(as_text=True)


def test_api_errors_answer_json(client):
    response = client.post("/api/capture", data={"material": "photo"})
    assert response.status_code == 409 and response.is_json


def test_every_document_type_has_a_drawn_example(client):
    response = client.get("/examples/doctype/id_card_front.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")
    assert client.get("/examples/doctype/not_a_type.png").status_code == 404


def test_footer_links_to_pickup_and_late_materials(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/locker/pickup"' in page and 'href="/locker/late"' in page
