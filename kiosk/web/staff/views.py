"""Thin views of the desk: parse the request, call a service, render. Every staff action is audited."""
from __future__ import annotations

import base64
import mimetypes
from functools import wraps

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from kiosk.domain import states
from kiosk.domain.audit import mask_text
from kiosk.domain.desk import deadline_colour
from kiosk.domain.masking import mask_id
from kiosk.services.applications import ApplicationError
from kiosk.services.desk import Filters
from kiosk.services.staff import LoginLocked, may
from kiosk.storage.codec import reading_from_json
from kiosk.web import text_lang
from kiosk.web import presenters
from kiosk.web.presenters import SEVERITY_LABELS, doc_type_labels, field_label, state_label
from kiosk.web.staff import auth, bp, limiter
from kiosk.web.staff.case_view import comparisons, page_findings
from kiosk.web.staff.charts import bar_chart, column_chart
from kiosk.web.staff.forms import ActionForm, DecisionForm, LoginForm, SamplingForm
from kiosk.web.staff.rating_views import LEVEL_LABELS, REASON_LABELS
from kiosk.wiring import services

DECISIONS = {"approve": states.APPROVED, "reject": states.REJECTED, "supplement": states.SUPPLEMENT_REQUESTED}


def requires(permission: str):
    """Log-in required, and the role must hold ``permission`` (403 otherwise)."""
    def wrap(view):
        @wraps(view)
        @login_required
        def inner(*args, **kwargs):
            if not may(current_user, permission):
                abort(403)
            return view(*args, **kwargs)
        return inner
    return wrap


@bp.app_context_processor
def permissions() -> dict:
    """``staff_may(permission)`` for the shared staff navigation (every page extending staff/base.html)."""
    return {"staff_may": lambda permission: current_user.is_authenticated and may(current_user, permission)}


@bp.app_context_processor
def labels() -> dict:
    """Codes (categories, roles, actors, materials, choices, origins) as staff read them, for
    every page extending staff/base.html (the locker desk's too)."""
    return {name: getattr(presenters, name) for name in
            ("category_label", "role_label", "actor_label", "material_name", "form_value", "origin_label",
             "reason_label")}


@bp.app_template_filter("b64")
def b64(data: bytes) -> str:
    """Inline an image (a signature) into the page."""
    return base64.b64encode(data or b"").decode("ascii")


def _audit(action: str, subject: str, details: dict | None = None) -> None:
    services().audit.record(current_user.actor, action, subject, details)


def _safe_next(target: str | None) -> str | None:
    return target if target and target.startswith("/staff") and not target.startswith("//") else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])     # per address; each user name is also locked on its own
def login():
    form = LoginForm()
    if form.validate_on_submit():
        typed = mask_text(form.username.data.strip()[:40])    # someone may type an ID number here
        try:
            user = services().staff.authenticate(form.username.data, form.password.data)
        except LoginLocked as locked:
            services().audit.record("anonymous", "login_locked", f"staff:{typed}", {"ip": request.remote_addr})
            flash(_("登录失败次数过多，请 %(minutes)s 分钟后再试。", minutes=-(-locked.seconds // 60)), "error")
            return render_template("staff/login.html", form=form), 429
        if user is None:
            services().audit.record("anonymous", "login_failed", f"staff:{typed}", {"ip": request.remote_addr})
            flash(_("用户名或密码不正确。"), "error")
        else:
            auth.begin(user)
            services().audit.record(f"staff:{user.username}", "login", f"staff:{user.username}",
                                    {"ip": request.remote_addr})
            return redirect(_safe_next(request.args.get("next")) or url_for(".home"))
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if not ActionForm().validate_on_submit():
        abort(400)
    idle = request.form.get("why") == "idle"      # the page's own idle rule sent it
    auth.end(current_user._get_current_object(), "idle" if idle else "logout")
    if idle:
        flash(_("长时间未操作，已自动退出，请重新登录。"), "info")
    return redirect(url_for(".login"))


@bp.get("/alive")
@login_required
def alive():
    """The page was touched: the session's idle time starts again (the loader noted this request)."""
    return "", 204


@bp.get("/")
@login_required
def home():
    if may(current_user, "cases"):
        return redirect(url_for(".queue"))
    if may(current_user, "lockers"):
        return redirect(url_for("staff_lockers.overview"))
    return render_template("staff/home.html")


@bp.get("/queue")
@requires("cases")
def queue():
    filters = Filters(matter=request.args.get("matter", ""), category=request.args.get("category", ""),
                      terminal=request.args.get("terminal", ""))
    work = services().desk.queue(filters)
    return render_template("staff/queue.html", queue=work, filters=filters, state_label=state_label,
                           matter_name=_matter_name)


@bp.get("/case/<int:app_id>")
@requires("cases")
def case(app_id: int):
    app = services().applications.get(app_id)
    if app is None or app.number is None:
        abort(404)
    matter = services().applications.matter(app.matter_id)
    readings = {p.id: reading_from_json(p.reading) for p in app.pages}
    _audit("open_case", f"application:{app.id}")
    mine = app.staff_assignee in (None, current_user.actor)
    return render_template(
        "staff/case.html", app=app, matter=matter, readings=readings, form=DecisionForm(), action=ActionForm(),
        state_label=state_label, doc_types=doc_type_labels(), mask_id=mask_id, mask_text=mask_text,
        severity_labels={k: str(v) for k, v in SEVERITY_LABELS.items()}, field_label=field_label,
        compare=comparisons(matter, app, readings), page_findings=page_findings(app),
        supplement=services().applications.supplement_request(app.id),
        sampling=services().desk.sampling_result(app.id), drawn=services().desk.is_drawn(app),
        audit=services().audit.entries(f"application:{app.id}", 100),
        colour=_colour(app), missing=_missing_materials(matter, app),
        can_decide=may(current_user, "decide") and app.state == states.WAITING_STAFF and mine,
        can_assign=may(current_user, "decide") and app.state in states.NEEDS_STAFF,
        can_take_from_others=may(current_user, "reassign"))


def _missing_materials(matter, app) -> list[tuple[str, str]]:
    """Materials with no page, each with why: deferred (容缺), replaced by a promise (告知承诺), or missing."""
    captured = {p.material_id for p in app.pages}
    committed = {mid: c.kind for c in app.commitments for mid in c.material_ids}
    return [(spec.name.get(text_lang()), committed.get(spec.id, "missing"))
            for spec in matter.materials if spec.id not in captured]


def _colour(app) -> str | None:
    """The deadline colour while the case waits for the desk; a decided case has none."""
    if app.state not in states.NEEDS_STAFF:
        return None
    return deadline_colour(app.due_date, services().desk.clock().date(), services().desk.warning_days)


@bp.post("/case/<int:app_id>/decide")
@requires("decide")
def decide(app_id: int):
    form = DecisionForm()
    target = DECISIONS.get(request.form.get("decision", ""))
    if not form.validate_on_submit() or target is None:
        abort(400)
    try:
        services().applications.decide(app_id, target, current_user.actor, form.reason.data or "",
                                       deadline=form.deadline.data)
    except ApplicationError as exc:
        flash(exc.message, "error")
    else:
        flash(_("已记录：%(state)s", state=state_label(target)), "info")
    return redirect(url_for(".case", app_id=app_id))


@bp.post("/case/<int:app_id>/assign")
@requires("decide")
def assign(app_id: int):
    take = request.form.get("take") == "1"
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services().applications.assign(app_id, current_user.actor, take, override=may(current_user, "reassign"))
    except ApplicationError as exc:
        flash(exc.message, "error")
    return redirect(url_for(".case", app_id=app_id))


@bp.get("/scan/<int:page_id>")
@requires("cases")
def scan(page_id: int):
    page = services().applications.page(page_id)
    if page is None or services().applications.get(page.application_id).number is None:
        abort(404)     # a citizen's unsubmitted draft is not the desk's to see
    # The original capture is the evidence; the rectified view is what the OCR boxes refer to.
    scan_id = page.scan_id if request.args.get("original") else page.display_scan_id
    _audit("open_scan", f"application:{page.application_id}", {"page": page_id, "scan": scan_id})
    return Response(services().applications.read_scan(page, scan_id),
                    mimetype=mimetypes.guess_type(scan_id)[0] or "application/octet-stream")


@bp.get("/sampling")
@requires("sampling")
def sampling():
    return render_template("staff/sampling.html", cases=services().desk.sampling_queue(), form=SamplingForm(),
                           rate=services().desk.sampling_rate, matter_name=_matter_name)


@bp.post("/sampling/<int:app_id>")
@requires("sampling")
def check_sample(app_id: int):
    form = SamplingForm()
    result = request.form.get("result")
    if not form.validate_on_submit() or result not in ("confirm", "revoke"):
        abort(400)
    try:
        services().desk.check_sample(app_id, current_user.actor, result == "confirm", form.reason.data or "")
    except ApplicationError as exc:
        flash(exc.message, "error")
    else:
        flash(_("抽查结果已记录。"), "info")
    return redirect(url_for(".sampling"))


@bp.get("/ratings")
@requires("cases")
def ratings():
    return render_template("staff/ratings.html", summary=services().ratings.per_matter(), matter_name=_matter_name,
                           levels=LEVEL_LABELS, reasons=REASON_LABELS)


@bp.get("/dashboard")
@requires("dashboard")
def dashboard():
    days = min(max(request.args.get("days", 14, type=int) or 14, 1), 366)
    figures = services().dashboard.build(days=days)
    charts = {
        "per_day": column_chart([(d.strftime("%m-%d"), n) for d, n in figures.per_day], title=_("每日申请量")),
        "kiosk_minutes": bar_chart([(_matter_name(m), v) for m, v, _n in figures.kiosk_minutes],
                                   unit=_("分钟"), title=_("终端办理时长中位数")),
        "findings": bar_chart([(rule, n) for rule, _c, n in figures.top_findings], title=_("常见预审问题")),
        "shares": bar_chart([(_("即时办结"), figures.shares["instant"] * 100),
                             (_("需复核（有标记）"), figures.shares["flagged"] * 100),
                             (_("驳回"), figures.shares["rejected"] * 100)], unit="%", title=_("办理结果占比")),
    }
    lockers = _locker_occupancy()
    if lockers:
        charts["lockers"] = bar_chart(list(lockers.items()), title=_("智能柜占用"))
    return render_template("staff/dashboard.html", figures=figures, charts=charts, matter_name=_matter_name,
                           lockers=lockers, devices=_device_health(), state_label=state_label,
                           checkpoint=services().audit.last_checkpoint(), audit_broken=services().audit.broken)


def _locker_occupancy() -> dict | None:
    """Compartments free / in use / blocked, from the locker book when the kiosk has lockers."""
    lockers = services().lockers
    compartments = lockers.compartments() if lockers is not None else []
    if not compartments:
        return None
    blocked = sum(1 for c in compartments if c.blocked_reason)
    in_use = sum(1 for c in compartments if c.reservation is not None and not c.blocked_reason)
    return {_("空闲"): len(compartments) - blocked - in_use, _("占用中"): in_use, _("停用"): blocked}


def _device_health() -> dict | None:
    devices = services().devices
    return devices.health() if devices is not None else None


def _matter_name(matter_id: str) -> str:
    try:
        return services().applications.matter(matter_id).name.get(text_lang())
    except ApplicationError:
        return matter_id
