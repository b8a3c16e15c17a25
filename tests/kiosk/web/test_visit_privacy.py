"""The shared terminal: the next person finds nothing of the last visit, only the kiosk's own
screen reaches the citizen screens and the devices, and simulation is never a silent default."""
from __future__ import annotations

import sys

import pytest
from sqlalchemy import select

from kiosk.config import DEFAULTS
from kiosk.services.terminal import Terminal
from kiosk.storage.models import Application
from kiosk.web.kiosk_screen import launch_path
from kiosk.wiring import NoDevices
from tests.conftest import kiosk_client, make_app
from tests.kiosk.factories import read_materials
from tests.kiosk.lockers.conftest import citizen

ELSEWHERE = {"REMOTE_ADDR": "192.0.2.10"}     # another computer on the hall's network


@pytest.fixture
def terminal(services):
    """The kiosk's card reader, without hardware: tests lay cards with ``card_placed``."""
    services.terminal = Terminal(camera=None, printer=None)
    return services.terminal


def newest_application(services) -> Application:
    with services.db.session() as s:
        return services.applications.get(s.scalars(select(Application.id).order_by(Application.id.desc())).first())


def submit_at_the_screen(client, services, terminal) -> Application:
    """A citizen's visit through the screens: start, card, form, materials, pre-review, submit."""
    assert client.post("/start/social_card_replacement").status_code == 302
    card = citizen()
    terminal.card_placed("id_reader", card)
    assert client.post("/identify").headers["Location"].endswith("/form")
    draft = newest_application(services)
    assert client.post("/form", data={"phone": "13812345678", "reason": "damaged"}).headers["Location"].endswith(
        "/materials")
    read_materials(services.applications, draft.id, card)      # the camera and OCR worker's part
    client.post("/review")
    assert client.post("/submit").headers["Location"].endswith("/receipt")
    app = services.applications.get(draft.id)
    assert app.number and app.number in client.get("/receipt").get_data(as_text=True)
    return app


def left_nothing(client, app: Application) -> None:
    """What the next person at the screen can reach of the previous visit: nothing."""
    assert client.get("/receipt").headers["Location"] == "/"
    assert client.get("/locker/handin").headers["Location"] == "/"
    assert client.get(f"/api/scans/{app.pages[0].id}").status_code == 404
    assert client.get(f"/progress/{app.number}").status_code == 404
    page = client.get("/").get_data(as_text=True)
    assert app.number not in page and app.access_token not in page


# ---- 1. the previous citizen's receipt ------------------------------------------------------------------------
def test_finish_on_the_receipt_is_a_post_that_ends_the_visit(client, services, terminal):
    app = submit_at_the_screen(client, services, terminal)
    receipt = client.get("/receipt").get_data(as_text=True)
    assert 'action="/finish"' in receipt and 'method="post"' in receipt.split('action="/finish"')[0][-200:]
    assert client.post("/finish").headers["Location"] == "/"
    left_nothing(client, app)


def test_reaching_home_ends_a_visit_left_behind(client, services, terminal):
    app = submit_at_the_screen(client, services, terminal)
    client.get("/")             # the brand link, or the next person typing the address
    left_nothing(client, app)


def test_the_receipt_ends_the_visit_after_its_own_countdown(client, services, terminal):
    submit_at_the_screen(client, services, terminal)
    receipt = client.get("/receipt").get_data(as_text=True)
    assert f'data-finish-after="{services.config["RECEIPT_SECONDS"]}"' in receipt


def test_an_ended_visit_cannot_come_back_with_an_old_cookie(client, services, terminal, app):
    """What a Back button or a copied cookie would replay: the visit ended on the server."""
    done = submit_at_the_screen(client, services, terminal)
    old = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.post("/finish")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], old)
    left_nothing(client, done)


def test_idle_ends_everything_the_visit_held_preferences_too(client, services, terminal):
    client.post("/prefs", data={"set": "en", "next": "/"})
    client.post("/prefs", data={"set": "large_text", "next": "/"})
    client.post("/prefs", data={"set": "high_contrast", "next": "/"})
    app = submit_at_the_screen(client, services, terminal)
    assert app.language == "en"
    client.post("/api/reset", data={"reason": "idle timeout"})
    page = client.get("/").get_data(as_text=True)
    assert 'lang="zh-CN"' in page and 'class="large-text' not in page and "high-contrast" not in page.split(">")[1]
    left_nothing(client, app)


def test_idle_on_the_home_screen_counts_down_while_a_visit_is_open(client):
    assert 'data-session="0"' in client.get("/").get_data(as_text=True)
    client.post("/prefs", data={"set": "en", "next": "/"})
    assert 'data-session="1"' in client.get("/").get_data(as_text=True)


def test_a_case_looked_up_is_not_viewable_once_the_visit_ended(client, services, terminal):
    app = submit_at_the_screen(client, services, terminal)
    client.post("/finish")
    terminal.card_placed("id_reader", citizen())
    response = client.post("/progress", data={"number": app.number})
    assert response.headers["Location"] == f"/progress/{app.number}"
    assert client.get(f"/progress/{app.number}").status_code == 200
    client.get("/")
    assert client.get(f"/progress/{app.number}").status_code == 404


def test_every_citizen_post_answers_with_a_redirect(client, services, terminal):
    """Post/Redirect/Get: Back never lands on a form resubmission, whatever was refused."""
    client.post("/start/social_card_replacement")
    terminal.card_placed("id_reader", citizen())
    client.post("/identify")
    refused = {"/form": {"phone": "12"}, "/progress": {"number": "20990101000001"},
               "/locker/pickup": {"code": "1"}, "/locker/late": {"number": "20990101000001"}}
    for path, data in refused.items():
        response = client.post(path, data=data)
        assert response.status_code == 302, path
        assert response.headers["Location"] == path
    assert "手机号" in client.get("/form").get_data(as_text=True)        # the refusal is shown after the redirect
    assert 'value="20990101000001"' in client.get("/locker/late").get_data(as_text=True)


# ---- 2. only the kiosk's own screen ---------------------------------------------------------------------------
SCREEN_ROUTES = ("/", "/matter/residence_permit", "/identify", "/progress", "/receipt", "/api/card",
                 "/api/camera/frame.jpg", "/api/camera/readiness", "/api/scans/1", "/locker/pickup",
                 "/locker/handin", "/sim/")


def test_citizen_and_device_routes_refuse_a_client_without_the_token(app, terminal):
    terminal.card_placed("id_reader", citizen())
    stranger = app.test_client()           # on this machine, but not the screen's browser
    for path in SCREEN_ROUTES:
        assert stranger.get(path).status_code == 403, path
    for path in ("/start/residence_permit", "/api/capture", "/api/reset", "/locker/pickup", "/sim/card"):
        assert stranger.post(path).status_code == 403, path
    assert "本机" in stranger.get("/").get_data(as_text=True)


def test_the_screens_token_is_no_use_from_another_computer(app, terminal):
    terminal.card_placed("id_reader", citizen())
    screen = kiosk_client(app)
    cookie = screen.get_cookie("kiosk_screen")
    assert cookie.http_only and cookie.same_site == "Strict"
    for path in SCREEN_ROUTES:
        assert screen.get(path, environ_base=ELSEWHERE).status_code == 403, path
    assert app.test_client().get(launch_path(app), environ_base=ELSEWHERE).status_code == 403


def test_launching_needs_the_token_of_this_boot(app, tmp_path):
    guess = app.test_client()
    assert guess.get("/kiosk/launch?token=").status_code == 403
    assert guess.get("/kiosk/launch?token=" + "x" * 43).status_code == 403
    assert guess.get_cookie("kiosk_screen") is None
    other_boot = make_app(tmp_path / "again", TESTING=True)
    assert other_boot.config["CLIENT_TOKEN"] != app.config["CLIENT_TOKEN"]
    assert guess.get(launch_path(other_boot)).status_code == 403
    with pytest.raises(ValueError, match="CLIENT_TOKEN"):
        make_app(tmp_path / "short", CLIENT_TOKEN="12345")


def test_staff_desk_and_the_receipts_progress_page_stay_reachable(client, services, terminal, app):
    done = submit_at_the_screen(client, services, terminal)
    phone = app.test_client()
    assert phone.get(f"/progress/{done.number}?t={done.access_token}", environ_base=ELSEWHERE).status_code == 200
    assert phone.get(f"/progress/{done.number}", environ_base=ELSEWHERE).status_code == 404
    assert phone.get("/staff/login", environ_base=ELSEWHERE).status_code == 200
    assert phone.post("/prefs", data={"set": "en", "next": "/staff/login"}, environ_base=ELSEWHERE).status_code == 302
    assert 'lang="en"' in phone.get("/staff/login", environ_base=ELSEWHERE).get_data(as_text=True)


def test_a_card_belongs_to_the_visit_it_was_laid_for(app, services, terminal):
    earlier, current = kiosk_client(app), kiosk_client(app)
    earlier.post("/start/residence_permit")      # a session that started first and stayed open
    current.post("/start/residence_permit")
    card = citizen()
    terminal.card_placed("id_reader", card)
    assert "card" not in earlier.get("/api/card").get_json()
    assert earlier.post("/identify").headers["Location"].endswith("/identify")
    assert card.name not in earlier.get("/identify").get_data(as_text=True)
    assert current.get("/api/card").get_json()["card"]["id_number"].endswith(card.id_number[-4:])
    assert current.post("/identify").headers["Location"].endswith("/form")
    assert newest_application(services).applicant_name == card.name
    earlier.post("/reset")                       # the other visit ending leaves this one's card alone
    assert "card" in current.get("/api/card").get_json()
    current.post("/reset")
    assert terminal.current_card() is None       # the card's data left with its visit


def test_capture_takes_uploaded_files_only_in_simulation(tmp_path):
    real = make_app(tmp_path, DEVICES={"camera": {"type": "opencv", "source": 0}})
    client = kiosk_client(real)
    client.post("/start/residence_permit")
    response = client.post("/api/capture", data={"material": "photo", "image": (open(__file__, "rb"), "x.jpg")})
    assert response.status_code == 400
    assert newest_application(real.extensions["kiosk"]).pages == []
    real.extensions["kiosk"].db.dispose()


# ---- 3. simulation only when asked for ------------------------------------------------------------------------
def test_a_kiosk_without_devices_refuses_to_start(tmp_path):
    assert DEFAULTS["DEVICES"] is None
    app = make_app(tmp_path, DEVICES=None)
    with pytest.raises(NoDevices, match="--simulation"):
        app.extensions["kiosk"].start()
    assert app.extensions["kiosk"].devices is None and app.extensions["kiosk"].scheduler is None
    assert kiosk_client(app).get("/sim/").status_code == 404       # no panel without simulation
    app.extensions["kiosk"].db.dispose()


def test_python_m_kiosk_says_why_it_does_not_start_and_how_to_simulate(tmp_path, monkeypatch, capsys):
    import kiosk.__main__ as entry

    asked = []

    def create_app(config=None, instance_path=None):
        asked.append(config)
        app = make_app(tmp_path / str(len(asked)), DEVICES=(config or {}).get("DEVICES"))
        if config:         # asked for simulation: stop short of opening the simulators and serving
            app.extensions["kiosk"].start = app.extensions["kiosk"].stop = lambda: None
        return app

    monkeypatch.setattr(entry, "create_app", create_app)
    monkeypatch.setattr(entry, "serve", lambda *a, **k: None)
    monkeypatch.setattr(sys, "argv", ["kiosk"])
    with pytest.raises(SystemExit, match="No devices are configured.*--simulation"):
        entry.main()
    monkeypatch.setattr(sys, "argv", ["kiosk", "--simulation"])
    entry.main()
    assert asked == [None, {"DEVICES": "simulation"}]
    assert "/kiosk/launch?token=" in capsys.readouterr().out      # what the kiosk shell opens


def test_simulation_says_so_on_every_screen(client):
    assert 'data-test="simulation-ribbon"' in client.get("/").get_data(as_text=True)
    assert 'data-test="simulation-ribbon"' in client.get("/staff/login").get_data(as_text=True)


def test_the_simulation_panel_answers_only_on_this_machine(client):
    assert client.get("/sim/").status_code == 404          # reached: the simulators are not started here
    assert client.get("/sim/", environ_base=ELSEWHERE).status_code == 403
    assert client.get("/sim/printer.json", environ_base=ELSEWHERE).status_code == 403
