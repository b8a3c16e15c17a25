from __future__ import annotations

from functools import wraps

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from kiosk.domain import states
from kiosk.domain.masking import mask_id
from kiosk.services.staff import may
from kiosk.storage.codec import reading_from_json
from kiosk.web.presenters import doc_type_labels, state_label
from kiosk.web.staff import StaffLogin, bp, limiter
from kiosk.web.staff.forms import DecisionForm, LoginForm
from kiosk.wiring import services

DECISIONS = {"approve": states.APPROVED, "reject": states.REJECTED, "supplement": states.SUPPLEMENT_REQUESTED}


def requires(permission: str):
    def wrap(view):
        @wraps(view)
        @login_required
        def inner(*args, **kwargs):
            if not may(current_user, permission):
                abort(403)
            return view(*args, **kwargs)
        return inner
    return wrap


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services().staff.authenticate(form.username.data, form.password.data)
        if user is None:
            flash(_("用户名或密码不正确。"), "error")
        else:
            session.permanent = True
            login_user(StaffLogin(user))
            return redirect(url_for(".queue"))
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for(".login"))


@bp.get("/")
@login_required
def queue():
    cases = services().applications.staff_queue()
    return render_template("staff/queue.html", cases=cases, state_label=state_label)


@bp.get("/case/<int:app_id>")
@login_required
def case(app_id: int):
    app = services().applications.get(app_id)
    if app is None or app.number is None:
        abort(404)
    matter = services().applications.matter(app.matter_id)
    readings = {p.id: reading_from_json(p.reading) for p in app.pages}
    return render_template("staff/case.html", app=app, matter=matter, readings=readings, form=DecisionForm(),
                           state_label=state_label, doc_types=doc_type_labels(), mask_id=mask_id,
                           can_decide=may(current_user, "decide") and app.state == states.WAITING_STAFF)


@bp.post("/case/<int:app_id>/decide")
@requires("decide")
def decide(app_id: int):
    form = DecisionForm()
    target = DECISIONS.get(request.form.get("decision", ""))
    if not form.validate_on_submit() or target is None:
        abort(400)
    services().applications.decide(app_id, target, f"staff:{current_user.username}", form.reason.data or "")
    flash(_("已记录：%(state)s", state=state_label(target)), "info")
    return redirect(url_for(".case", app_id=app_id))


@bp.get("/scan/<int:page_id>")
@login_required
def scan(page_id: int):
    page = services().applications.page(page_id)
    if page is None:
        abort(404)
    return Response(services().scans.get(page.display_scan_id), mimetype="image/jpeg")
