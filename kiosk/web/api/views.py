from __future__ import annotations

from flask import Response, abort, jsonify, request

from kiosk.domain.masking import mask_id, mask_name
from kiosk.web import text_lang, visit
from kiosk.web.api import bp
from kiosk.web.params import form_int
from kiosk.web.presenters import field_label
from kiosk.wiring import services


def _terminal():
    terminal = services().terminal
    if terminal is None:
        abort(503)
    return terminal


@bp.get("/card")
def card():
    """Whether a card is on the reader; the identity only masked, never in full."""
    terminal = _terminal()
    status = terminal.card_status()
    own = visit.current()
    current = terminal.card_for(own.id) if own else None     # polling never begins a visit
    status["used_seq"] = own.card_seq if own else None
    if current is not None and status["present"]:
        status["card"] = {"name": mask_name(current.name), "id_number": mask_id(current.id_number),
                          "expired": current.valid_until is not None and current.valid_until < _today()}
    return jsonify(status)


def _today():
    return services().applications.clock().date()


@bp.get("/camera/frame.jpg")
def camera_frame():
    return Response(_terminal().frame_jpeg(), mimetype="image/jpeg")


@bp.get("/camera/readiness")
def camera_readiness():
    """Capture quality of the live view, so the page can guide and capture automatically."""
    report = _terminal().readiness()
    lang = text_lang()
    return jsonify(ready=report["ready"], checks=[
        {"code": c.code, "ok": c.ok, "message": c.instruction_en if lang == "en" else c.instruction}
        for c in report["checks"]])


@bp.post("/capture")
def capture():
    own = visit.current()
    app_id = own.draft_id if own else None
    if not app_id:
        abort(409)
    material_id = request.form["material"]
    page_no = form_int("page", 1, lo=1, hi=99)
    upload = request.files.get("image")
    if upload and services().config["DEVICES"] != "simulation":
        abort(400)       # pages come from the kiosk's own camera; uploads stand in for it in simulation only
    image = upload.read() if upload else _terminal().capture()
    page_id = services().applications.add_page(app_id, material_id, page_no, image)
    services().ocr.submit(page_id)
    return jsonify(page_id=page_id)


@bp.get("/pages/<int:page_id>")
def page_status(page_id: int):
    page = services().applications.page(page_id)
    own = visit.current()
    if page is None or own is None or page.application_id != own.draft_id:
        abort(404)
    out = {"status": page.ocr_status, "error": page.error, "doc_type": page.doc_type}
    if page.reading:
        reading = page.reading
        out["type_confidence"] = reading["type_confidence"]
        out["fields"] = {k: {"label": field_label(k), "value": _masked(k, f["value"]), "confidence": f["confidence"]}
                         for k, f in reading["fields"].items()}
        lang = text_lang()
        out["quality"] = [c["instruction_en"] if lang == "en" else c["instruction"]
                          for c in reading["quality"]["checks"] if not c["ok"]]
    return jsonify(out)


def _masked(name: str, value: str) -> str:
    return mask_id(value) if "id_number" in name else value


@bp.get("/scans/<int:page_id>")
def scan(page_id: int):
    page = services().applications.page(page_id)
    own = visit.current()
    if page is None or own is None or page.application_id not in (own.draft_id, own.submitted_id):
        abort(404)
    return Response(services().applications.read_scan(page, page.display_scan_id), mimetype="image/jpeg")


@bp.post("/activity")
def activity():
    """The screen was touched: keep the visit and its draft alive for the server-side idle sweep."""
    own = visit.current()
    if own and own.draft_id:
        services().applications.touch(own.draft_id)
    return jsonify(ok=True)


@bp.post("/reset")
def reset():
    visit.end(request.form.get("reason", "idle timeout"))
    return jsonify(ok=True)
