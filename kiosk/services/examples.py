"""Example images of materials for the capture screen.

A matter may ship its own example picture; otherwise the kiosk draws one with the synthetic
document renderer (made-up person, deterministic), so every material has an example.
"""
from __future__ import annotations

from functools import lru_cache

import cv2

from kiosk.domain.prereview.photo import image_background
from ocr import doctypes
from ocr.synth import render


@lru_cache(maxsize=32)
def example_png(doc_type: str, width: int = 560) -> bytes:
    image = _example(doc_type)
    h, w = image.shape[:2]
    if w > width:
        image = cv2.resize(image, (width, round(h * width / w)), interpolation=cv2.INTER_AREA)
    # Stamp it so an example is never mistaken for a real document.
    cv2.putText(image, "SAMPLE", (12, image.shape[0] - 16), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (0, 0, 220), 3)
    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise ValueError(f"could not encode the example of {doc_type}")
    return buf.tobytes()


def _example(doc_type: str):
    """The drawn example; an ID photo on the white background (白底) the guides ask for."""
    for seed in range(1, 50):
        image = render(doc_type, seed=seed).image
        if doc_type != doctypes.PHOTO_1INCH or image_background(image) == "white":
            return image
    raise ValueError("the renderer drew no white-background photo")
