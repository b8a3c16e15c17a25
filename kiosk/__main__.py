"""Serve the kiosk: ``python -m kiosk [--port N]`` (waitress on 127.0.0.1:5000, devices and OCR started).

It prints the launch address the kiosk's screen browser opens once (``/kiosk/launch?token=…``);
without it the citizen screens answer no one. ``--simulation`` runs on simulated devices."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

from waitress import serve

from kiosk import create_app
from kiosk.keys import KeyConfigError
from kiosk.storage.migrate import upgrade
from kiosk.web.kiosk_screen import launch_path
from kiosk.wiring import NoDevices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--simulation", action="store_true",
                        help="run on wire-level simulators of every device (the screen says so)")
    parser.add_argument("--instance", help="the instance folder (default: instance/ beside the package)")
    args = parser.parse_args()
    # Libraries speak at WARNING (python-escpos logs every connection at INFO on the root logger);
    # the kiosk's own layers at INFO.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("kiosk", "devices", "ocr"):
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        app = create_app({"DEVICES": "simulation"} if args.simulation else None, instance_path=args.instance)
    except KeyConfigError as exc:
        sys.exit(f"kiosk: {exc}")
    use_address(app, args.host, args.port)
    services = app.extensions["kiosk"]
    upgrade(services.db.engine, keyring=services.keys, scans=services.scans)
    try:
        services.start()
    except NoDevices as exc:
        sys.exit(f"kiosk not started: {exc}")
    # A service manager stops the kiosk with SIGTERM: leave through the same door as Ctrl-C, so the
    # devices, simulators and background jobs are closed in the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    local = f"http://127.0.0.1:{args.port}"
    print(f"kiosk screen: open {local}{launch_path(app)} in the kiosk's browser (this machine only)\n"
          f"staff desk on http://{args.host}:{args.port}/staff  receipt QR codes to {app.config['PUBLIC_BASE_URL']}"
          + (f"\nsimulation panel: {local}/sim/ (after the launch address)" if args.simulation else ""))
    print(f"process {os.getpid()}: Ctrl-C or `kill {os.getpid()}` stops it and closes the devices", flush=True)
    try:
        serve(app, host=args.host, port=args.port, threads=8)
    finally:
        services.stop()


def use_address(app, host: str, port: int) -> None:
    """Receipt QR codes point where the kiosk is served unless PUBLIC_BASE_URL says otherwise."""
    if not app.config.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = f"http://{host}:{port}"


if __name__ == "__main__":
    main()
