"""SIGKILL a live kiosk (simulated devices, loopback) in the middle of a submit, a capture or an
OCR read, start it again, and count what the citizen and the records are left with.

    .venv/bin/python scripts/fault_inject.py --iterations 10 [--modes submit capture ocr]

Each iteration starts ``python -m kiosk`` on one instance folder, sends the request, kills the
process after a random delay, restarts it and checks:
  lost receipts    a committed submission whose retried tap does not show its receipt, or
                   whose receipt is still unprinted after the restart
  half-written     an application stuck between states, or a page row without its scan file
  duplicates       an application submitted (numbered, queued for printing) more than once
  orphans          scan files no page refers to, after the restart's sweep
Figures, not a pass/fail test; prints one line per mode.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import flask
import requests
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_wtf.csrf import generate_csrf  # noqa: E402

from devices.samples import sample  # noqa: E402
from kiosk import create_app  # noqa: E402
from kiosk.domain import states  # noqa: E402
from kiosk.storage.migrate import upgrade  # noqa: E402
from kiosk.storage.models import Application, Page, ReceiptOutbox, Transition  # noqa: E402
from ocr.synth import render  # noqa: E402
from tests.kiosk.factories import prereviewed_case  # noqa: E402

SECRET = "fault-injection-secret-key-0123456789abcdef"


class Kiosk:
    """One kiosk process on loopback over a fixed instance folder."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "KIOSK_SECRET_KEY": SECRET, "OMP_THREAD_LIMIT": "1",
                    "KIOSK_PUBLIC_BASE_URL": self.url}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "kiosk", "--port", str(self.port),
                                         "--instance", str(self.folder)], cwd=ROOT, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the kiosk did not come up")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def send_then_kill(kiosk: Kiosk, method: str, path: str, delay: float, **kwargs) -> bool:
    """Send a request, SIGKILL the kiosk ``delay`` seconds later; True when the answer came first."""
    answered = threading.Event()

    def request():
        try:
            answer = requests.request(method, kiosk.url + path, timeout=30, allow_redirects=False, **kwargs)
            if answer.status_code >= 400:
                raise SystemExit(f"{path} answered {answer.status_code}: the injection tests nothing")
            answered.set()
        except requests.RequestException:
            pass

    thread = threading.Thread(target=request)
    thread.start()
    time.sleep(delay)
    kiosk.kill()
    thread.join()
    return answered.is_set()


class Run:
    def __init__(self, folder: Path, port: int):
        self.kiosk = Kiosk(folder, port)
        self.app = create_app({"SECRET_KEY": SECRET}, instance_path=str(folder))
        self.services = self.app.extensions["kiosk"]
        upgrade(self.services.db.engine)
        self.cookies = self.app.session_interface.get_signing_serializer(self.app)
        self.page = _jpeg(render("id_card_front", 3).image)

    def visit(self, app_id: int) -> tuple[dict, dict]:
        """The cookie of the visit whose draft ``app_id`` is, and its CSRF form field."""
        with self.app.test_request_context():
            token = generate_csrf()
            raw = flask.session["csrf_token"]
        return {"session": self.cookies.dumps({"app_id": app_id, "csrf_token": raw})}, {"csrf_token": token}

    # ---- one iteration per mode ---------------------------------------------------------------
    def submit(self, delay: float, figures: Counter) -> None:
        draft = prereviewed_case(self.services.applications, sample("young-hangzhou").card)
        cookies, form = self.visit(draft)
        figures["in flight" if not send_then_kill(self.kiosk, "POST", "/submit", delay,
                                                   cookies=cookies, data=form) else "answered"] += 1
        self.kiosk.start()
        committed = self.services.applications.get(draft)
        if committed.number:
            figures["committed"] += 1
            # The citizen taps 提交 again: the same receipt, on screen and (by now) on paper.
            session = requests.Session()
            session.cookies.set("session", cookies["session"])
            session.post(self.kiosk.url + "/submit", data=form)
            page = session.get(self.kiosk.url + "/receipt").text
            printed = draft not in self.services.outbox.pending()
            if committed.number not in page or not printed:
                figures["lost receipts"] += 1
        self.kiosk.stop()

    def capture_request(self) -> dict:
        """A capture of an ID card page for a new identified draft, as the capture screen posts it."""
        draft = self.services.applications.start("social_card_replacement")
        self.services.applications.identify(draft, sample("young-hangzhou").card)
        cookies, form = self.visit(draft)
        return {"cookies": cookies, "data": {"material": "id_card", **form},
                "files": {"image": ("page.jpg", self.page, "image/jpeg")}}

    def capture(self, delay: float, figures: Counter) -> None:
        figures["in flight" if not send_then_kill(self.kiosk, "POST", "/api/capture", delay,
                                                   **self.capture_request()) else "answered"] += 1
        self.kiosk.start()
        self.kiosk.stop()

    def ocr(self, delay: float, figures: Counter) -> None:
        requests.post(self.kiosk.url + "/api/capture", timeout=30, **self.capture_request()).raise_for_status()
        time.sleep(delay)            # the worker is reading the page now
        self.kiosk.kill()
        figures["in flight"] += 1
        self.kiosk.start()
        deadline = time.time() + 120     # the restarted worker reads the page again
        while time.time() < deadline and self.services.applications.pending_pages():
            time.sleep(0.5)
        self.kiosk.stop()

    # ---- what the records say ---------------------------------------------------------------
    def check(self, figures: Counter) -> None:
        scans = self.services.scans
        with self.services.db.session() as s:
            stuck = s.scalar(select(func.count()).select_from(Application).where(
                Application.state == states.SUBMITTED))
            numbered_twice = s.scalar(select(func.count()).select_from(
                select(Transition.application_id).where(Transition.to_state == states.SUBMITTED)
                .group_by(Transition.application_id).having(func.count() > 1).subquery()))
            unnumbered = s.scalar(select(func.count()).select_from(Application).where(
                Application.number.is_(None), Application.state.not_in(states.UNSUBMITTED)))
            outbox_without = s.scalar(select(func.count()).select_from(Application).where(
                Application.number.is_not(None), Application.id.not_in(select(ReceiptOutbox.application_id))))
            referenced = {scan for page in s.scalars(select(Page)) for scan in page.scan_ids}
        on_disk = {path.name for path in scans.root.glob("*/*.*")}
        figures["half-written"] = stuck + unnumbered + len(referenced - on_disk)
        figures["duplicates"] = numbered_twice
        figures["orphans"] = len(on_disk - referenced)
        figures["numbered without outbox"] = outbox_without


def _jpeg(image) -> bytes:
    import cv2
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=20, help="kills per mode")
    parser.add_argument("--modes", nargs="+", default=["submit", "capture", "ocr"])
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    windows = {"submit": (0.0, 0.25), "capture": (0.0, 0.15), "ocr": (0.2, 4.0)}
    for mode in args.modes:
        with tempfile.TemporaryDirectory(prefix=f"kiosk-faults-{mode}-") as folder:
            run = Run(Path(folder), args.port)
            figures: Counter = Counter({"lost receipts": 0}) if mode == "submit" else Counter()
            try:
                run.kiosk.start()
                run.kiosk.stop()     # the schema and simulators are in place before the first kill
                for _ in range(args.iterations):
                    run.kiosk.start()
                    getattr(run, mode)(rng.uniform(*windows[mode]), figures)
                    figures["kills"] += 1
                run.kiosk.start()    # the last restart's sweep and reprint
                run.kiosk.stop()
                run.check(figures)
            finally:
                run.kiosk.stop()
                run.services.db.dispose()
            print(f"{mode:8s} " + "  ".join(f"{k}: {v}" for k, v in sorted(figures.items())), flush=True)


if __name__ == "__main__":
    main()
