"""Thin views: read the request, call the application service, render its state."""
from __future__ import annotations

from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _

from kiosk.domain import provenance, states
from kiosk.domain.commitments import commitment_text, deferral_deadline, notice_text
from kiosk.services.applications import ApplicationError
from kiosk.web import LANGUAGES, text_lang, visit
from kiosk.web.citizen import bp
from kiosk.web.params import form_choices, png_data_url
from kiosk.web.presenters import doc_type_labels, material_status, progress_view, review_view
from kiosk.web.receipts import build_receipt, receipt_qr_svg
from kiosk.web.staff import limiter
from kiosk.services.examples import example_png
from kiosk.wiring import services
from ocr import doctypes


def _require_draft():
    current = visit.current()
    app_id = current.draft_id if current else None
    app = services().applications.get(app_id) if app_id else None
    if app is None or app.state not in states.UNSUBMITTED:
        if current:
            current.draft_id = None
        return None
    return app


@bp.get("/")
def home():
    current = visit.current()
    if current is not None and current.holds_case:     # whoever comes back here has left the case behind
        visit.end("home screen")
    catalog = services().catalog
    query = request.args.get("q", "").strip()
    results = catalog.search(query) if query else None
    return render_template("citizen/home.html", groups=catalog.by_category(), query=query, results=results)


@bp.get("/matter/<matter_id>")
def matter(matter_id: str):
    try:
        item = services().catalog.get(matter_id)
    except KeyError:
        abort(404)
    return render_template("citizen/matter.html", matter=item)


@bp.post("/start/<matter_id>")
def start(matter_id: str):
    # A new application is a new visit; it keeps only the preferences chosen moments ago.
    chosen = {name: visit.preference(name) for name in visit.PREFERENCES}
    visit.end("new application")
    current = visit.ensure()
    for name, value in chosen.items():
        setattr(current, name, value)
    current.draft_id = services().applications.start(matter_id, language=current.lang or "zh_CN",
                                                      visit_id=current.id)
    return redirect(url_for(".identify"))


@bp.route("/identify", methods=["GET", "POST"])
def identify():
    app = _require_draft()
    if app is None:
        return redirect(url_for(".home"))
    terminal = services().terminal
    if request.method == "POST":
        card = visit.card()
        if card is None:
            flash(_("未检测到证件，请将身份证放在读卡区。"), "error")
            return redirect(url_for(".identify"))
        try:
            services().applications.identify(app.id, card)
        except ApplicationError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".identify"))
        visit.current().card_seq = terminal.card_status()["seq"]
        return redirect(url_for(".form"))
    matter = services().applications.matter(app.matter_id)
    return render_template("citizen/identify.html", matter=matter, app=app)


@bp.route("/form", methods=["GET", "POST"])
def form():
    app = _require_draft()
    if app is None or app.state == states.DRAFT:
        return redirect(url_for(".identify" if app else ".home"))
    matter = services().applications.matter(app.matter_id)
    if request.method == "POST":
        values = {f.id: request.form.get(f.id, "") for f in matter.fields}
        errors = services().applications.save_form(app.id, values)
        if not errors:
            return redirect(url_for(".materials"))
        visit.current().echo["form_errors"] = errors      # shown by the GET this redirects to
        return redirect(url_for(".form"))
    errors = visit.current().echo.pop("form_errors", {})
    if app.pages and not errors:  # coming back after capture: what the materials filled in, and what is wrong
        errors = services().applications.form_errors(app.id)
    return render_template("citizen/form.html", matter=matter, app=app, errors=errors,
                           locked=provenance.locked(provenance.origins_from_json(app.form_origins)))


@bp.get("/materials")
def materials():
    app = _require_draft()
    if app is None or app.state == states.DRAFT:
        return redirect(url_for(".identify" if app else ".home"))
    matter = services().applications.matter(app.matter_id)
    return render_template("citizen/materials.html", matter=matter, app=app,
                           status=material_status(matter, app))


@bp.get("/materials/<material_id>/<int:page_no>")
def capture(material_id: str, page_no: int):
    app = _require_draft()
    if app is None:
        return redirect(url_for(".home"))
    matter = services().applications.matter(app.matter_id)
    spec = next((m for m in matter.materials if m.id == material_id), None)
    if spec is None or not 1 <= page_no <= max(1, len(spec.pages)):
        abort(404)
    return render_template("citizen/capture.html", matter=matter, app=app, spec=spec, page_no=page_no,
                           auto_capture=services().config["AUTO_CAPTURE"], doc_type_labels=doc_type_labels())


@bp.get("/examples/<name>")
def example(name: str):
    """An example image a matter ships with the catalog."""
    return send_from_directory(Path(services().config["CATALOG_DIR"]) / "examples", name)


@bp.get("/examples/doctype/<doc_type>.png")
def drawn_example(doc_type: str):
    if doc_type not in doctypes.ALL or doc_type == doctypes.UNKNOWN:
        abort(404)
    return Response(example_png(doc_type), mimetype="image/png")


@bp.post("/review")
def run_review():
    app = _require_draft()
    if app is None:
        return redirect(url_for(".home"))
    if services().applications.form_errors(app.id):
        flash(_("请补全或核对申请信息（部分内容已根据材料自动填写）。"), "error")
        return redirect(url_for(".form"))
    services().applications.prereview(app.id)
    return redirect(url_for(".review"))


@bp.post("/review/disagreement")
def settle_disagreement():
    """"The material says X, you entered Y": the citizen keeps theirs or takes the material's."""
    app = _require_draft()
    if app is None:
        return redirect(url_for(".home"))
    services().applications.settle_disagreement(app.id, request.form.get("field", ""),
                                                keep_mine=request.form.get("choice") == "mine")
    services().applications.prereview(app.id)
    return redirect(url_for(".review"))


@bp.get("/review")
def review():
    app = _require_draft()
    if app is None:
        return redirect(url_for(".home"))
    if app.state != states.PREREVIEWED:
        return redirect(url_for(".materials"))
    matter = services().applications.matter(app.matter_id)
    offer = services().applications.deferral_available(app.id)
    deadline = deferral_deadline(matter, services().applications.clock()) if offer else None
    return render_template("citizen/review.html", matter=matter, app=app, view=review_view(matter, app),
                           offer=offer, deadline=deadline)


@bp.route("/commitment/<kind>", methods=["GET", "POST"])
def commitment(kind: str):
    app = _require_draft()
    if app is None or kind not in ("deferral", "promise"):
        return redirect(url_for(".home"))
    matter = services().applications.matter(app.matter_id)
    if kind == "deferral":
        offer = services().applications.deferral_available(app.id)
        if offer is None:
            flash(_("该申请不符合容缺受理条件。"), "error")
            return redirect(url_for(".review"))
        material_ids = list(offer.material_ids)
        deadline = deferral_deadline(matter, services().applications.clock())
        text = notice_text(matter, material_ids, deadline, text_lang())
    else:
        material_ids = form_choices("material", {m.id for m in matter.materials if m.replaceable and m.commitment})
        text = "\n".join(commitment_text(matter, mid, text_lang()) for mid in material_ids)
    if request.method == "POST":
        services().applications.sign_commitment(app.id, kind, material_ids, text, png_data_url("signature"))
        services().applications.prereview(app.id)
        return redirect(url_for(".review"))
    return render_template("citizen/commitment.html", matter=matter, kind=kind, text=text,
                           material_ids=material_ids)


def _visit_application():
    """The application this visit submitted, found from the committed state itself: the
    submitted one, or the visit's draft once it carries a number (a response lost to a crash)."""
    current = visit.current()
    app_id = current and (current.submitted_id or current.draft_id)
    app = services().applications.get(app_id) if app_id else None
    if app is None or not app.number:
        return None
    current.draft_id, current.submitted_id = None, app.id
    return app


@bp.post("/submit")
def submit():
    # A second tap, a retry after a lost response or a restart, or a racing request: submitting
    # the visit's application again returns the one committed, and shows the same receipt.
    current = visit.current()
    app_id = current and (current.draft_id or current.submitted_id)
    if not app_id or services().applications.get(app_id) is None:
        return redirect(url_for(".home"))
    done = services().applications.submit(app_id, receipt=build_receipt)
    current.draft_id, current.submitted_id = None, done.id
    terminal = services().terminal
    current.print_problem = (services().outbox.deliver(done.id, terminal.print_receipt) if terminal
                             else _("本终端未配置打印机。"))
    return redirect(url_for(".receipt"))


@bp.get("/receipt")
def receipt():
    app = _visit_application()
    if app is None:
        return redirect(url_for(".home"))
    matter = services().applications.matter(app.matter_id)
    receipt = build_receipt(app, matter)
    return render_template("citizen/receipt.html", app=app, matter=matter, receipt=receipt,
                           qr_svg=receipt_qr_svg(receipt.qr), print_problem=visit.current().print_problem,
                           finish_seconds=services().config["RECEIPT_SECONDS"])


@bp.post("/finish")
def finish():
    """完成 on the receipt or the locker screen, or their countdown ran out: the visit ends."""
    visit.end("finished")
    return redirect(url_for(".home"))


@bp.route("/progress", methods=["GET", "POST"])
@limiter.limit("10/minute;60/hour", methods=["POST"])    # numbers are not to be tried one after another
def progress_lookup():
    if request.method == "POST":
        number = request.form.get("number", "").strip()
        card = visit.card(wait=visit.CARD_WAIT)
        app = services().applications.find_for_progress(number, id_number=card.id_number) if card else None
        if app is not None:
            visit.current().progress_token = app.access_token
            return redirect(url_for(".progress", number=app.number))
        flash(_("请将身份证放在读卡区后再查询。") if card is None
              else _("没有找到与该证件对应的申请，请核对受理编号。"), "error")
        visit.current().echo["number"] = number
        return redirect(url_for(".progress_lookup"))
    visit.card()        # a card left on the reader is read again while the number is typed
    current = visit.current()
    return render_template("citizen/progress_lookup.html", number=current.echo.pop("number", "") if current else "")


@bp.get("/progress/<number>")
@limiter.limit("30/minute;300/hour")     # the QR code's token is not to be guessed either
def progress(number: str):
    current = visit.current()
    token = request.args.get("t") or (current.progress_token if current else None)
    app = services().applications.find_for_progress(number, token=token or "")
    if app is None:
        abort(404)
    app = services().applications.get(app.id)
    matter = services().applications.matter(app.matter_id)
    return render_template("citizen/progress.html", app=app, matter=matter, view=progress_view(app))


@bp.post("/prefs")
def prefs():
    what = request.form.get("set")
    if what in LANGUAGES:
        visit.set_preference("lang", what)
    elif what in ("large_text", "high_contrast"):
        visit.set_preference(what, not visit.preference(what))
    target = request.form.get("next") or url_for(".home")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for(".home"))


@bp.post("/reset")
def reset():
    visit.end(request.form.get("reason", "start over"))
    return redirect(url_for(".home"))
