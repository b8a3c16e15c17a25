"""Identification by passport or travel permit: the data page under the camera gives the key
(MRZ → Basic Access Control), the chip on the contactless reader gives the identity.

The chip's data is the trusted identity; the MRZ only unlocks it. Confirming posts to the
identify screen like an ID card does, so both ways end in ``ApplicationService.identify``.
"""
from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.services.terminal import CHIP_WANTED, PAGE_READING, PAGE_RETAKE, PAGE_WANTED
from kiosk.web import visit
from kiosk.web.citizen import bp
from kiosk.web.citizen.views import _require_draft
from kiosk.wiring import services


def _instructions() -> dict[str, str]:
    """What the screen says at each step, and for each way the chip can fail."""
    return {
        PAGE_WANTED: _("请将护照（通行证）资料页朝上平放在扫描区，然后点击“拍摄资料页”。"),
        PAGE_READING: _("正在识别资料页底部的机读码，请稍候…"),
        PAGE_RETAKE: _("未能读清资料页底部的两行机读码。请将资料页压平、完整放在扫描区后重新拍摄。"),
        CHIP_WANTED: _("资料页已识别。请将护照（通行证）平放在读卡区，读取完成前不要移动。"),
        "wrong_key": _("机读码与证件芯片不符。请将资料页压平放在扫描区，重新拍摄资料页。"),
        "no_key": _("请先拍摄资料页，再将证件放在读卡区。"),
        "read": _("证件芯片读取失败，请将证件重新平放在读卡区，读取完成前不要移动。"),
    }


def _terminal():
    terminal = services().terminal
    if terminal is None or not terminal.can_read_passports:
        abort(503)
    return terminal


@bp.get("/identify/passport")
def passport():
    app = _require_draft()
    if app is None:
        return redirect(url_for(".home"))
    terminal = services().terminal
    matter = services().applications.matter(app.matter_id)
    return render_template("citizen/passport.html", matter=matter, app=app,
                           available=bool(terminal and terminal.can_read_passports), texts=_instructions())


@bp.post("/identify/passport/scan")
def passport_scan():
    """Take the data page now; its zone is read in the background (poll the status)."""
    if _require_draft() is None:
        abort(409)
    _terminal().scan_passport_page(visit.current().id)
    return jsonify(ok=True)


@bp.get("/identify/passport/status")
def passport_status():
    if _require_draft() is None:
        abort(409)
    return jsonify(_terminal().passport_status())
