"""``python -m kiosk``: the port chosen on the command line is where receipt QR codes point, and the
kiosk says how to stop it."""
from __future__ import annotations

import os
import sys
from types import SimpleNamespace

from kiosk import __main__ as kiosk_main
from kiosk.web.receipts import progress_url
from tests.conftest import make_app


def serve_once(monkeypatch, app, *argv) -> dict:
    """Run main() with these arguments up to the point where waitress would serve; what it was given."""
    served = {}
    monkeypatch.setattr(kiosk_main, "create_app", lambda config=None, instance_path=None: app)
    monkeypatch.setattr(kiosk_main, "upgrade", lambda engine, **keys: None)
    monkeypatch.setattr(kiosk_main.signal, "signal", lambda *args: None)
    services = app.extensions["kiosk"]
    monkeypatch.setattr(services, "start", lambda: None)     # no devices or models for this
    monkeypatch.setattr(services, "stop", lambda: None)
    monkeypatch.setattr(kiosk_main, "serve", lambda wsgi, host, port, threads: served.update(host=host, port=port))
    monkeypatch.setattr(sys, "argv", ["kiosk", *argv])
    kiosk_main.main()
    return served


def test_receipts_follow_the_port_the_kiosk_is_served_on(tmp_path, monkeypatch, capsys):
    app = make_app(tmp_path)
    assert serve_once(monkeypatch, app, "--port", "8123") == {"host": "127.0.0.1", "port": 8123}
    case = SimpleNamespace(number="K01-20261204-0001", access_token="tok")
    with app.test_request_context(base_url="http://127.0.0.1:8123"):
        assert progress_url(case).startswith("http://127.0.0.1:8123/progress/K01-20261204-0001?t=tok")
    out = capsys.readouterr().out
    assert f"kill {os.getpid()}" in out and "Ctrl-C" in out


def test_a_configured_public_address_wins_over_the_port(tmp_path, monkeypatch):
    app = make_app(tmp_path, PUBLIC_BASE_URL="https://kiosk.example.gov.cn")
    serve_once(monkeypatch, app, "--port", "8123")
    with app.test_request_context():
        assert progress_url(SimpleNamespace(number="N1", access_token="t")).startswith(
            "https://kiosk.example.gov.cn/progress/N1")
