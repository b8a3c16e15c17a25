from __future__ import annotations

from datetime import date

from flask import Response, abort, jsonify, redirect, render_template, request, url_for

from devices.idcard.emrtd_vicc import PassportData
from devices.idcard.sam_simulator import Fault
from devices.samples import sample, samples
from kiosk.web.sim import bp
from kiosk.web.presenters import doc_type_labels
from kiosk.web.params import MAX_ID, BadValue, form_choice, form_int
from kiosk.web.sim.documents import person_of
from kiosk.wiring import services
from ocr import doctypes
from ocr.imaging import decode_image
from ocr.types import UnreadableImage
from ocr.synth import RENDERERS, Rendered, render
from ocr.synth.people import Person

MAX_SEED = 10**6     # synthetic people are drawn from a seed; any number will do, within reason
# The sample laid when the panel names no seed: for the photo the white-background one, which
# every matter takes (other seeds give blue and red backgrounds, for trying the photo check).
DEFAULT_SEEDS = {doctypes.PHOTO_1INCH: 3}
FAULTS = {"remove_mid_read": Fault.REMOVE_MID_READ, "bad_checksum": Fault.BAD_CHECKSUM,
          "no_answer": Fault.NO_ANSWER, "noise": Fault.NOISE}


# The visitor of the simulation's sample passport; the data page and the chip are about her.
VISITOR = Person(name="MUELLER ANNA", gender="女", ethnicity="", birth_date=date(1990, 3, 14), address="",
                 id_number="", region=("", "", "", ""), surname_pinyin="MUELLER", given_pinyin="ANNA")


def sample_passport(seed: int = 1, person: Person = VISITOR, *, nationality: str = "",
                    today: date | None = None) -> tuple[Rendered, PassportData]:
    """A passport data page and the chip of the same passport: the chip's MRZ carries the page's
    number, names, birth and expiry (the chip opens with the key printed on the page).

    The drawn data page is always a Chinese one; ``nationality`` (e.g. "D") gives the chip a
    visitor's nationality and issuing state, which Basic Access Control does not involve.
    The passport is valid on ``today``.
    """
    page = render(doctypes.PASSPORT, seed, subject=person, today=today)
    f = page.fields
    chip = PassportData.sample(surname=f["surname"], given_names=f["given_names"], number=f["document_number"],
                               nationality=nationality or f["nationality"], issuer=nationality or f["nationality"],
                               birth=date.fromisoformat(f["birth_date"]), sex=f["sex"],
                               expiry=date.fromisoformat(f["expiry_date"]))
    return page, chip


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
    return render_template("sim/panel.html", identities=samples(services().today()), doc_types=doctypes.ALL[:-1],
                           doc_labels=doc_type_labels(),
                           faults=FAULTS, jobs=list(enumerate(sim.printer.jobs)), lockers=lockers,
                           passports=sim.passport is not None)


@bp.post("/card")
def card():
    sim = _simulation()
    action = form_choice("action", ("place", "remove", *FAULTS))
    if action == "place":
        # the sample as of the kiosk's day, so its ages and validity hold on any date
        sim.place_card(sample(form_choice("identity", {s.key for s in samples()}), services().today()).card)
    elif action == "remove":
        sim.remove_card()
    elif action in FAULTS:
        sim.card_fault(FAULTS[action])
    else:
        abort(400)
    return _done()


@bp.post("/passport")
def passport():
    """The visitor's passport: its chip on the contactless reader, its data page under the camera."""
    sim = _simulation()
    action = form_choice("action", ("place", "show_page", "remove"))
    seed = form_int("seed", 1, lo=0, hi=MAX_SEED)
    if sim.passport is None:
        abort(404)
    if action == "remove":
        sim.remove_passport()
        return _done()
    page, chip = sample_passport(seed, nationality="D", today=services().today())
    if action == "place":
        sim.place_passport(chip)
    else:
        sim.camera.show(page.image)
    return _done()


@bp.post("/camera")
def camera():
    sim = _simulation()
    action = form_choice("action", ("show", "clear", "blur", "glare", "move"))
    if action == "show":
        upload = request.files.get("image")
        if upload and upload.filename:
            try:     # the one decoder: pixels capped, the photo reduced to what reading needs
                image = decode_image(upload.read(), max_pixels=services().config["OCR_MAX_PIXELS"])
            except UnreadableImage:
                raise BadValue("image", upload.filename) from None
        else:
            holder = sim.sam.card if request.form.get("for_holder") and sim.sam else None
            doc_type = form_choice("doc_type", RENDERERS)
            image = render(doc_type, form_int("seed", DEFAULT_SEEDS.get(doc_type, 1), lo=0, hi=MAX_SEED),
                           subject=person_of(holder) if holder else None, today=services().today(),
                           expired=request.form.get("expired") == "1").image
        sim.camera.show(image)
    elif action == "clear":
        sim.camera.clear()
    else:
        on = request.form.get("on", "1") == "1"
        getattr(sim.camera, action)(3.0 if on else 0.0) if action == "blur" else getattr(sim.camera, action)(on)
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
        model.jam(_compartment(model), action == "jam")
    else:
        getattr(model, action)(_compartment(model))
    return _done()


def _compartment(model) -> int:
    number = form_int("number", lo=1, hi=MAX_ID)
    if number not in model.layout.compartments:
        raise BadValue("number", number)
    return number


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
