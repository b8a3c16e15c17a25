from __future__ import annotations

import cv2
import numpy as np
from flask import Response, abort, jsonify, redirect, render_template, request, url_for

from devices.idcard.sam_simulator import Fault
from devices.samples import samples
from kiosk.web.sim import bp
from kiosk.web.sim.documents import person_of
from kiosk.wiring import services
from ocr import doctypes
from ocr.synth import render

FAULTS = {"remove_mid_read": Fault.REMOVE_MID_READ, "bad_checksum": Fault.BAD_CHECKSUM,
          "no_answer": Fault.NO_ANSWER, "noise": Fault.NOISE}


def _simulation():
    sim = services().simulation
    if sim is None:
        abort(404)
    return sim


def _done():
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=True)
    return redirect(url_for(".panel"))


@bp.get("/")
def panel():
    sim = _simulation()
    lockers = {bank: [(n, model.door_closed(n), model.item_inside(n)) for n in sorted(model.layout.compartments)]
               for bank, model in sim.lockers.items()}
    return render_template("sim/panel.html", identities=samples(), doc_types=doctypes.ALL[:-1],
                           faults=FAULTS, jobs=list(enumerate(sim.printer.jobs)), lockers=lockers)


@bp.post("/card")
def card():
    sim = _simulation()
    action = request.form["action"]
    if action == "place":
        sim.place_card(request.form["identity"])
    elif action == "remove":
        sim.remove_card()
    elif action in FAULTS:
        sim.card_fault(FAULTS[action])
    else:
        abort(400)
    return _done()


@bp.post("/camera")
def camera():
    sim = _simulation()
    action = request.form["action"]
    if action == "show":
        upload = request.files.get("image")
        if upload and upload.filename:
            image = cv2.imdecode(np.frombuffer(upload.read(), np.uint8), cv2.IMREAD_COLOR)
            if image is None:
                abort(400)
        else:
            holder = sim.sam.card if request.form.get("for_holder") and sim.sam else None
            image = render(request.form["doc_type"], int(request.form.get("seed", 1)),
                           subject=person_of(holder) if holder else None).image
        sim.camera.show(image)
    elif action == "clear":
        sim.camera.clear()
    elif action in ("blur", "glare", "move"):
        on = request.form.get("on", "1") == "1"
        getattr(sim.camera, action)(3.0 if on else 0.0) if action == "blur" else getattr(sim.camera, action)(on)
    else:
        abort(400)
    return _done()


LOCKER_ACTIONS = ("close", "put_item", "take_item", "force_open", "jam", "unjam")


@bp.post("/locker")
def locker():
    """The person at the locker: shut a door, put something in, take it out; or a fault."""
    sim = _simulation()
    model = sim.lockers.get(request.form.get("bank", ""))
    action = request.form.get("action")
    if model is None or action not in (*LOCKER_ACTIONS, "silence", "wake"):
        abort(400)
    if action in ("silence", "wake"):
        for address in model.layout.boards:
            model.silence_board(address, action == "silence")
    elif action in ("jam", "unjam"):
        model.jam(int(request.form["number"]), action == "jam")
    else:
        getattr(model, action)(int(request.form["number"]))
    return _done()


@bp.get("/printer/<int:index>.png")
def printed(index: int):
    jobs = _simulation().printer.jobs
    if not 0 <= index < len(jobs):
        abort(404)
    return Response(jobs[index].png, mimetype="image/png")


@bp.get("/printer.json")
def printer_jobs():
    return jsonify([{"text": job.text, "qr": job.qr_codes, "bytes": len(job.raw)}
                    for job in _simulation().printer.jobs])
