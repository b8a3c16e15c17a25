"""Errors handled in one place: JSON for API calls, a plain page for people."""
from __future__ import annotations

import logging
import math
import time

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from devices.base import DeviceError
from kiosk.domain.states import TransitionError
from kiosk.services.applications import ApplicationError, UnknownItem
from kiosk.web.params import BadValue

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _answer(message: str, status: int, detail: str = ""):
    if _wants_json():
        return jsonify(error=message), status
    return render_template("errors/error.html", message=message, status=status), status


def _retry_after() -> int:
    """Seconds until the rate limit this request ran into lets it through again."""
    from kiosk.web.staff import limiter

    breached = limiter.current_limit
    return max(1, math.ceil(breached.window[0] - time.time())) if breached else 60


def register(app: Flask) -> None:
    @app.errorhandler(ApplicationError)
    def application_error(exc: ApplicationError):
        log.info("refused: %s", exc)
        return _answer(exc.message, 409)

    @app.errorhandler(UnknownItem)
    def unknown_item(exc: UnknownItem):
        log.info("not found: %s", exc)
        return _answer(exc.message, 404)

    @app.errorhandler(TransitionError)
    def transition_refused(exc: TransitionError):
        # A second decision on a decided case, a retry racing the first: the state moved on.
        log.info("transition refused: %s", exc)
        return _answer(_("该办理事项的状态已经改变，请刷新后查看。"), 409)

    @app.errorhandler(BadValue)
    def bad_value(exc: BadValue):
        return _answer(exc.description, 400)

    @app.errorhandler(DeviceError)
    def device_error(exc: DeviceError):
        log.warning("device error: %s (%s)", exc, exc.staff_hint)
        return _answer(exc.citizen_message, 503)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _answer(_("页面已过期，请返回重试。"), 400)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 429:     # say how long: the limit holds for everyone trying with the same key
            return _answer(_("尝试次数过多，请 %(seconds)s 秒后再试。", seconds=_retry_after()), 429)
        messages = {404: _("没有找到该页面。"), 413: _("文件太大，请换一张图片。")}
        return _answer(messages.get(exc.code, _("请求无法处理，请返回重试。")), exc.code or 400)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return _answer(_("系统出现问题，请重新开始或联系工作人员。"), 500)
