"""How requests reach the kiosk: through TRUSTED_PROXIES reverse proxies (their X-Forwarded-*
headers believed, nobody else's), and with ``Secure`` session cookies whenever the request came
over TLS (directly or as the proxy says) or PREFERRED_URL_SCHEME is https."""
from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class TlsAwareSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked Secure for requests that came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def init_transport(app: Flask) -> None:
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
    if app.config["PREFERRED_URL_SCHEME"] == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
    app.session_interface = TlsAwareSessions()
