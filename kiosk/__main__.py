"""Serve the kiosk: ``python -m kiosk`` (waitress on 127.0.0.1:5000, devices and OCR started)."""
from __future__ import annotations

import argparse
import logging
import signal
import sys

from waitress import serve

from kiosk import create_app
from kiosk.storage.migrate import upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--instance", help="the instance folder (default: instance/ beside the package)")
    args = parser.parse_args()
    # Libraries speak at WARNING (python-escpos logs every connection at INFO on the root logger);
    # the kiosk's own layers at INFO.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("kiosk", "devices", "ocr"):
        logging.getLogger(name).setLevel(logging.INFO)
    app = create_app(instance_path=args.instance)
    services = app.extensions["kiosk"]
    upgrade(services.db.engine)
    services.start()
    # A service manager stops the kiosk with SIGTERM: leave through the same door as Ctrl-C, so the
    # devices, simulators and background jobs are closed in the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"kiosk on http://{args.host}:{args.port}/  staff desk on http://{args.host}:{args.port}/staff")
    try:
        serve(app, host=args.host, port=args.port, threads=8)
    finally:
        services.stop()


if __name__ == "__main__":
    main()
