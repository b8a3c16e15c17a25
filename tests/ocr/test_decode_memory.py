"""A near-limit upload is decoded no larger than reading needs, and never held at full size."""
from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from ocr.imaging import READ_MAX_SIDE, decode_image
from tests.conftest import kiosk_client, make_app

NEAR_LIMIT = (7744, 5164)      # 39.99 megapixels, just under the 40 MP limit


def photo(fmt: str, size=NEAR_LIMIT) -> bytes:
    """A large photo of a page: paper white with dark bands, as a camera would save it."""
    w, h = size
    rows = np.full((h, 1, 3), 235, np.uint8)
    rows[::97] = 30
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(np.broadcast_to(rows, (h, w, 3)))).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_near_limit_upload_is_decoded_to_the_size_reading_needs(fmt):
    image = decode_image(photo(fmt))
    assert max(image.shape[:2]) == READ_MAX_SIDE
    assert image.shape[1] / image.shape[0] == pytest.approx(NEAR_LIMIT[0] / NEAR_LIMIT[1], rel=0.01)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_decoding_a_near_limit_upload_never_holds_it_at_full_size(tmp_path, fmt):
    """Peak memory of a fresh process decoding it: a full-size RGB copy alone is 120 MB, and the
    decoder used to hold several (689 MB)."""
    path = tmp_path / f"upload.{fmt.lower()}"
    path.write_bytes(photo(fmt))
    # VmHWM: the peak resident size of this process image (ru_maxrss would carry the parent's over).
    script = (
        "import sys\n"
        "from ocr.imaging import decode_image\n"
        "def peak():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "before = peak()\n"
        "decode_image(data)\n"
        "print((peak() - before) // 1024)\n")
    grown = int(subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                               check=True).stdout)
    assert grown < 300, f"decoding raised the peak by {grown} MB"


def test_the_simulation_panel_decodes_uploads_through_the_capped_decoder(tmp_path):
    app = make_app(tmp_path, OCR_MAX_PIXELS=1_000_000)
    services = app.extensions["kiosk"]
    services.start()
    try:
        client = kiosk_client(app)
        over = {"action": "show", "image": (io.BytesIO(photo("PNG", (1600, 1000))), "photo.png")}
        assert client.post("/sim/camera", data=over).status_code == 400
        fine = {"action": "show", "image": (io.BytesIO(photo("PNG", (1000, 800))), "photo.png")}
        assert client.post("/sim/camera", data=fine).status_code == 302
    finally:
        services.stop()
        services.db.dispose()
