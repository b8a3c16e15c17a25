"""The staff's locker desk: what waits where, open and confirm, leave a result with a code,
alerts and blocked compartments. Every route needs the "lockers" permission."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from devices.base import DeviceError
from kiosk.domain.lockers import SIZES
from kiosk.services.lockers import LockerError
from kiosk.services.staff import may
from kiosk.web.lockers import locker_message, staff_bp
from kiosk.web.lockers.issued_codes import issued_codes
from kiosk.web.staff.views import requires
from kiosk.wiring import services


@staff_bp.context_processor
def permissions() -> dict:
    """What the shared staff navigation asks of the signed-in user."""
    return {"staff_may": lambda permission: current_user.is_authenticated and may(current_user, permission)}


@staff_bp.errorhandler(DeviceError)
def device_fault(exc: DeviceError):
    """A door that would not open from the desk: the book has blocked it and raised an alert;
    staff get the hint on the same page."""
    flash(f"{exc.citizen_message} {exc.staff_hint}", "error")
    return _back()


def _actor() -> str:
    return f"staff:{current_user.username}"


def _back():
    return redirect(url_for(".overview"))


@staff_bp.get("/")
@requires("lockers")
def overview():
    lockers = services().lockers
    # A new pickup code is shown once, right after it was issued, then forgotten.
    issued = issued_codes.take(session.pop("locker_code_ref", None), current_user.id)
    return render_template("lockers/staff.html", compartments=lockers.compartments(), alerts=lockers.alerts(),
                           sizes=SIZES, issued=issued, ready=sorted(lockers.ready), labels=_labels())


@staff_bp.post("/open/<int:reservation_id>")
@requires("lockers")
def open_door(reservation_id: int):
    opened = services().lockers.staff_open(reservation_id, _actor())
    flash(_("%(bank)s-%(number)s 号柜门已打开，取出后请确认。", bank=opened.bank, number=opened.number), "info")
    return _back()


@staff_bp.post("/taken/<int:reservation_id>")
@requires("lockers")
def taken(reservation_id: int):
    found = request.form.get("found", "1") == "1"
    services().lockers.confirm_taken(reservation_id, _actor(), found=found)
    flash(_("已记录取出。") if found else _("已记录：柜内未见登记的物品。"), "info")
    return _back()


@staff_bp.post("/deposit")
@requires("lockers")
def deposit():
    """Leave a result or certificate for a citizen: a compartment opens and a pickup code is issued."""
    number = request.form.get("number", "").strip()
    size = request.form.get("size", "small")
    app_id = services().lockers.application_id(number)
    if app_id is None or size not in SIZES:
        flash(_("没有找到该受理编号。"), "error")
        return _back()
    opened, code = services().lockers.deposit_result(app_id, _actor(), size)
    _show_once({"code": code, "bank": opened.bank, "number": opened.number, "app": number})
    return _back()


@staff_bp.post("/reissue/<int:reservation_id>")
@requires("lockers")
def reissue(reservation_id: int):
    view = services().lockers.view(reservation_id)
    code = services().lockers.reissue_code(reservation_id, _actor())
    _show_once({"code": code, "bank": view.bank, "number": view.number, "app": view.application_number})
    return _back()


def _show_once(issued: dict) -> None:
    """The overview shows a new code once; the cookie gets only a reference to it."""
    session["locker_code_ref"] = issued_codes.put(current_user.id, issued)


@staff_bp.post("/unblock/<int:compartment_id>")
@requires("lockers")
def unblock(compartment_id: int):
    try:
        services().lockers.unblock(compartment_id, _actor())
        flash(_("柜格已恢复使用。"), "info")
    except LockerError as exc:
        flash(locker_message(exc), "error")
    return _back()


@staff_bp.post("/alerts/<int:alert_id>/resolve")
@requires("lockers")
def resolve(alert_id: int):
    services().lockers.resolve_alert(alert_id, _actor())
    return _back()


def _labels() -> dict[str, str]:
    return {
        "opening": _("开门中"), "open": _("已开门，待关门"), "left_open": _("未关门（已告警）"),
        "empty": _("已关门，未检测到物品"), "stored": _("有物品待取"), "unconfirmed": _("待确认，请核对"),
        "collecting": _("工作人员已开门"), "awaiting_pickup": _("待市民取件"), "picking_up": _("市民取件中"),
        "originals": _("原件投递"), "late": _("容缺补交材料"), "result": _("办理结果"),
        "small": _("小"), "medium": _("中"), "large": _("大"),
    }
