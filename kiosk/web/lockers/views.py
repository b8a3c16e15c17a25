"""The citizen at the locker: hand in originals or a late 容缺 material, pick up a result."""
from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.domain import states
from kiosk.domain.lockers import LATE_MATERIAL, ORIGINALS
from kiosk.services.lockers import N_, LockerError, Opened
from kiosk.web import visit
from kiosk.web.lockers import bp, locker_message
from kiosk.web.staff import limiter
from kiosk.wiring import services

def _remember(opened: Opened):
    """Doors this visit opened: only these can be watched or reopened from it."""
    current = visit.ensure()
    current.locker_doors = [*[d for d in current.locker_doors if d != opened.reservation_id][-4:],
                            opened.reservation_id]
    return redirect(url_for(".door", reservation_id=opened.reservation_id))


def _own(reservation_id: int) -> None:
    current = visit.current()
    if current is None or reservation_id not in current.locker_doors:
        abort(404)


def _tries_key() -> str:
    """Pickup tries count per card on the reader (the person trying, by the keyed hash of the ID
    number), so one citizen's wrong codes do not lock out the next; with no card nothing is tried."""
    card = visit.card(wait=visit.CARD_WAIT)
    return "pickup:" + (services().applications.applicant_key(card.id_number) if card else "no card")


def _refused(response) -> bool:
    return g.get("pickup_refused", False)


def _lockers():
    lockers = services().lockers
    if lockers is None or not lockers.ready:
        raise LockerError(N_("智能柜暂不可用，请联系工作人员。"), "locker service not started or not reconciled")
    return lockers


@bp.record_once
def _install_pickup_hook(state) -> None:
    # The progress page asks Services.pickup_instructions how a decided case's result is collected.
    state.app.extensions["kiosk"].pickup_instructions = pickup_instructions


def pickup_instructions(app) -> str | None:
    """What the progress page tells the citizen when their result waits in a locker."""
    lockers = services().lockers
    waiting = lockers.waiting_pickup(app.id) if lockers else None
    if waiting is None:
        return None
    if waiting.code_locked or waiting.code_expires_at is None:
        return _("您的办理结果已存放在智能柜，取件码已失效，请联系工作人员重新获取。")
    return _("您的办理结果已存放在 %(terminal)s 号终端旁的智能柜。请携带申请人身份证，凭取件码于 %(until)s 前取件。",
             terminal=waiting.terminal_id, until=waiting.code_expires_at.strftime("%Y-%m-%d"))


@bp.route("/locker/handin", methods=["GET", "POST"])
def handin():
    """Originals of the application just submitted at this kiosk."""
    app = visit.submitted()
    if app is None:
        return redirect(url_for("citizen.home"))
    if request.method == "POST":
        if app.state != states.WAITING_ORIGINALS:
            flash(_("该申请不需要或已经投递了原件。"), "info")
            return redirect(url_for("citizen.receipt"))
        return _remember(_lockers().start_handin(app.id, ORIGINALS))
    matter = services().applications.matter(app.matter_id)
    originals = [m for m in matter.materials if m.original_required]
    return render_template("lockers/handin.html", app=app, originals=originals,
                           waiting=app.state == states.WAITING_ORIGINALS)


@bp.route("/locker/late", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])   # receipt numbers are not to be tried one after another
def late():
    """A material owed under 容缺, handed in on a later visit: receipt number + the applicant's card."""
    if request.method == "GET":
        visit.card()        # a card left on the reader is read again while the number is typed
    else:
        number = request.form.get("number", "").strip()
        card = visit.card(wait=visit.CARD_WAIT)
        if card is None:
            flash(_("请将申请人的身份证放在读卡区。"), "error")
        else:
            app = services().applications.find_for_progress(number, id_number=card.id_number)
            if app is None:
                flash(_("没有找到与该证件对应的申请，请核对受理编号。"), "error")
            else:
                return _remember(_lockers().start_handin(app.id, LATE_MATERIAL))
        visit.current().echo["number"] = number      # shown again by the GET this redirects to
        return redirect(url_for(".late"))
    current = visit.current()
    return render_template("lockers/late.html", number=current.echo.pop("number", "") if current else "")


@bp.route("/locker/pickup", methods=["GET", "POST"])
@limiter.limit("10/minute;30/hour", methods=["POST"], key_func=_tries_key, deduct_when=_refused)
def pickup():
    """A result left by staff: the pickup code AND the applicant's card on the reader.

    Only refused tries count against the card's limit (a wrong code also counts against the
    reservations involved, see LockerService.pickup); the limit's page says how long to wait.
    """
    if request.method == "GET":
        visit.card()        # a card left on the reader is read again while the code is typed
    else:
        code = request.form.get("code", "").strip()
        card = visit.card(wait=visit.CARD_WAIT)
        if card is None:
            flash(_("请将申请人的身份证放在读卡区。"), "error")
        elif not code.isdigit() or len(code) != 8:
            flash(_("取件码为 8 位数字。"), "error")
        else:
            try:
                return _remember(_lockers().pickup(code, card.id_number))
            except LockerError as exc:
                g.pickup_refused = True
                flash(locker_message(exc), "error")
        return redirect(url_for(".pickup"))
    return render_template("lockers/pickup.html")


@bp.get("/locker/door/<int:reservation_id>")
def door(reservation_id: int):
    _own(reservation_id)
    view = services().lockers.view(reservation_id)
    return render_template("lockers/door.html", view=view, messages=_messages(),
                           lit=services().lockers.has_lights(view.bank))


@bp.get("/locker/door/<int:reservation_id>/status")
def door_status(reservation_id: int):
    """What the waiting screen polls: the door's progress, and what to tell the citizen."""
    _own(reservation_id)
    lockers = services().lockers
    lockers.check_doors()
    view = lockers.view(reservation_id)
    return jsonify(**view.as_json(), message=_messages().get(view.status, ""))


@bp.post("/locker/door/<int:reservation_id>/reopen")
def reopen(reservation_id: int):
    _own(reservation_id)
    _lockers().reopen(reservation_id)
    return redirect(url_for(".door", reservation_id=reservation_id))


@bp.post("/locker/door/<int:reservation_id>/cancel")
def cancel(reservation_id: int):
    _own(reservation_id)
    services().lockers.cancel(reservation_id)
    flash(_("已取消投递，柜门已关闭。"), "info")
    return redirect(url_for("citizen.home"))


def _messages() -> dict[str, str]:
    """What the screen says in each state of a reservation."""
    return {
        "opening": _("正在开启柜门，请稍候……"),
        "open": _("柜门已打开。请将材料放入柜内，然后关好柜门。"),
        "left_open": _("柜门仍未关闭，已通知工作人员。请放好材料后关好柜门。"),
        "empty": _("柜门已关闭，但柜内未检测到材料。您可以重新开门放入，或取消投递。"),
        "stored": _("投递成功，材料已登记。工作人员核验后将继续办理。"),
        "unconfirmed": _("柜门已关闭，材料已登记为待确认，工作人员将当面核对。"),
        "picking_up": _("柜门已打开。请取出物品，然后关好柜门。"),
        "done": _("取件完成，感谢您的使用。"),
        "awaiting_pickup": _("物品仍在柜内，请联系工作人员。"),
        "cancelled": _("本次投递已取消。"),
    }
