"""On a shared terminal the session's personal data goes when the citizen leaves."""
from __future__ import annotations

from devices.samples import sample
from kiosk.web.visit import KEY


def visit_of(client, services):
    """The open visit the browser's session points at, or None."""
    with client.session_transaction() as s:
        return services.visits.get(s.get(KEY))


def start_draft(client, services):
    client.post("/start/residence_permit")
    app_id = visit_of(client, services).draft_id
    services.applications.identify(app_id, sample("senior-shanghai").card)
    page_id = services.applications.add_page(app_id, "photo", 1, b"\xff\xd8\xff\xe0photo")
    return app_id, services.applications.page(page_id).scan_id


def test_idle_timeout_wipes_the_draft_and_its_files(client, services):
    app_id, scan_id = start_draft(client, services)
    assert services.scans.exists(scan_id)
    response = client.post("/api/reset", data={"reason": "idle timeout"})
    assert response.json == {"ok": True}
    assert services.applications.get(app_id) is None
    assert not services.scans.exists(scan_id)
    with client.session_transaction() as s:
        assert KEY not in s


def test_start_over_wipes_the_draft_and_the_display_preferences(client, services):
    client.post("/prefs", data={"set": "large_text", "next": "/"})
    app_id, scan_id = start_draft(client, services)
    assert visit_of(client, services).large_text is True      # chosen before the start: kept for the draft
    assert client.post("/reset").headers["Location"] == "/"
    assert services.applications.get(app_id) is None and not services.scans.exists(scan_id)
    assert visit_of(client, services) is None
    assert 'class="large-text' not in client.get("/").get_data(as_text=True)


def test_choosing_another_service_wipes_the_previous_draft(client, services):
    app_id, scan_id = start_draft(client, services)
    client.post("/start/residence_permit")
    assert services.applications.get(app_id) is None and not services.scans.exists(scan_id)
