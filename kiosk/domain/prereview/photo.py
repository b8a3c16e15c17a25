"""ID photos: the background the guide asks for (白底: white), from the page image or ocr/'s reading.

The background is the colour of a band along the photo's edge, where the subject never is.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

import numpy as np

from ocr import doctypes
from ocr.types import DocumentReading, Field

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding

COLOURS = {"white": Text(zh="白色", en="white"), "blue": Text(zh="蓝色", en="blue"), "red": Text(zh="红色", en="red"),
           "other": Text(zh="其他颜色", en="another colour")}


def image_background(image: np.ndarray) -> str:
    """white, blue, red or other: the median colour (BGR) of the band along the top and sides."""
    h, w = image.shape[:2]
    band = max(2, min(h, w) // 16)
    edge = np.concatenate([image[:band].reshape(-1, 3), image[:, :band].reshape(-1, 3),
                           image[:, -band:].reshape(-1, 3)])
    b, g, r = (float(v) for v in np.median(edge, axis=0))
    if min(b, g, r) > 175 and max(b, g, r) - min(b, g, r) < 40:
        return "white"
    if r > 120 and r - max(g, b) > 50:
        return "red"
    if b > 110 and b - r > 40:
        return "blue"
    return "other"


def background(reading: DocumentReading) -> str | None:
    """The photo's background from its page image, else from ocr/'s reading; None when neither says."""
    image = reading.image
    if isinstance(image, np.ndarray) and image.ndim == 3 and min(image.shape[:2]) >= 20:
        return image_background(image)
    field = reading.fields.get("background")
    return field.value if field is not None and field.value in COLOURS else None


def with_photo_background(reading: DocumentReading) -> DocumentReading:
    """An ID photo's reading with its background kept as a field: the stored reading has no image."""
    if reading.doc_type != doctypes.PHOTO_1INCH or "background" in reading.fields:
        return reading
    colour = background(reading)
    if colour is None:
        return reading
    field = Field(name="background", value=colour, confidence=1.0, note="median colour of the photo's edge")
    return replace(reading, fields={**reading.fields, "background": field})


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for ref in ctx.pages:
        wanted = ref.material.photo_background
        if wanted is None or ref.reading.doc_type != doctypes.PHOTO_1INCH:
            continue
        spec, number = ref.material, ref.page.page_no
        got = background(ref.reading)
        if got is None:
            yield Finding("photo.background_unknown", "quality", "info", Text(
                zh=f"未能判断“{spec.name.zh}”的背景颜色。", en=f"The background of \"{spec.name.en}\" could not be judged."),
                material_id=spec.id, page=number, expected=wanted, unchecked=True)
        elif got != wanted:
            yield Finding("photo.background", "quality", "block", Text(
                zh=f"“{spec.name.zh}”的背景为{COLOURS[got].zh}，本事项需要{COLOURS[wanted].zh}背景的照片，请更换照片。",
                en=f"The background of \"{spec.name.en}\" is {COLOURS[got].en}; this matter needs a {COLOURS[wanted].en} "
                   "background. Please use another photo."),
                material_id=spec.id, page=number, value_read=got, expected=wanted)
