"""好差评 on the citizen's side: the rating form shown on the receipt and progress screens."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from wtforms.fields.choices import SelectChoice

from kiosk.services.applications import ApplicationError
from kiosk.web import visit
from kiosk.web.staff.forms import RatingForm
from kiosk.wiring import services

ratings_bp = Blueprint("rating", __name__)

LEVEL_LABELS = {5: _l("非常满意"), 4: _l("满意"), 3: _l("基本满意"), 2: _l("不满意"), 1: _l("非常不满意")}
REASON_LABELS = {
    "fast": _l("办理快捷"), "easy": _l("操作简便"), "clear_guidance": _l("指引清楚"), "helpful_staff": _l("服务热情"),
    "slow": _l("等待时间长"), "hard_to_use": _l("操作复杂"), "unclear_materials": _l("材料要求不清楚"),
    "device_fault": _l("设备故障"),
}


def rating_choices() -> dict:
    """Template helpers: the rating form for an application and occasion, or None once rated."""

    def rating_form(app, occasion: str):
        if app is None or app.number is None or occasion in services().ratings.rated(app.id):
            return None
        form = RatingForm()
        form.level.choices = [SelectChoice(lv, str(label)) for lv, label in LEVEL_LABELS.items()]
        form.reasons.choices = [SelectChoice(r, str(label)) for r, label in REASON_LABELS.items()]
        return form

    return {"rating_form": rating_form}


def _rateable(number: str):
    """The application, when the kiosk screen's visit submitted it or opened its progress page."""
    current = visit.current()
    if current is None:
        return None
    app = visit.submitted()
    if app is not None and app.number == number:
        return app
    return services().applications.find_for_progress(number, token=current.progress_token or "")


@ratings_bp.post("/<number>/<occasion>")
def rate(number: str, occasion: str):
    app = _rateable(number)
    if app is None:
        abort(404)
    target = request.form.get("next", "")
    back = target if target.startswith("/") and not target.startswith("//") else url_for("citizen.home")
    form = RatingForm()
    if not form.validate_on_submit():
        flash(_("请选择一个评价等级。"), "error")
        return redirect(back)
    try:
        services().ratings.rate(app.id, occasion, form.level.data, form.reasons.data or [], form.comment.data or "")
    except ApplicationError as exc:
        flash(exc.message, "error")
        return redirect(back)
    flash(_("感谢您的评价！"), "info")
    return redirect(back)
