"""One page image in, one DocumentReading out: the reading pipeline.

decode → find + rectify → quality → orientation → OCR (card fast path or full page) →
classify → extract → judge (the capture checks again, on what was read) → marks. Each stage states whether it can run on the page as it stands,
runs, and cleans up in ``finally``; the pipeline records each stage's time. Every box in
the reading refers to ``DocumentReading.image``, the upright rectified page.
"""
from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr import doctypes, idcard_layout, imaging, marks, quality
from ocr.engines.base import OcrEngine
from ocr.types import DocumentReading, Field, Mark, OcrResult, QualityReport, UnreadableImage

CARD_TYPES = (doctypes.ID_CARD_FRONT, doctypes.ID_CARD_BACK)
NO_MARKS = (doctypes.ID_CARD_FRONT, doctypes.ID_CARD_BACK, doctypes.PHOTO_1INCH, doctypes.PASSPORT)


@dataclass(frozen=True)
class PipelineSettings:
    """How pages are read; the kiosk builds this once from its configuration."""

    max_pixels: int = imaging.DEFAULT_MAX_PIXELS
    max_side: int = imaging.READ_MAX_SIDE  # pages are decoded no larger than reading needs
    quality: quality.QualitySettings = field(default_factory=quality.QualitySettings)
    marks: marks.MarkSettings = field(default_factory=marks.MarkSettings)
    card_fast_path: bool = True          # read rectified ID cards without the detection model
    card_min_confidence: float = 0.9     # below this the fast path falls back to full detection
    fix_orientation: bool = True         # turn pages upright (0/90/180/270)
    deskew: bool = True                  # straighten small skews of pages with no outline found


@dataclass(frozen=True)
class ReadRequest:
    """What the caller asked for, fixed for the whole read."""

    expected_types: tuple[str, ...] | None
    page: int


@dataclass
class PageState:
    """The page as the stages leave it; each stage fills in its part."""

    request: ReadRequest
    source: bytes | np.ndarray | None
    frame: np.ndarray | None = None
    quad: imaging.DocumentQuad | None = None
    quality: QualityReport | None = None
    page: np.ndarray | None = None
    to_page: np.ndarray | None = None    # 3×3: frame pixels to the flat page before any turn
    flat_size: tuple[int, int] = (0, 0)  # (w, h) of that flat page
    turn: int = 0                        # clockwise quarter turns (degrees) applied to it since
    is_card: bool = False
    ocr: OcrResult | None = None
    doc_type: str | None = None
    type_confidence: float = 0.0
    fields: dict[str, Field] | None = None
    marks: tuple[Mark, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)


class Stage(ABC):
    """One step of the pipeline: ``can_run`` on the state as it stands, ``run``, ``cleanup``."""

    name = "stage"

    def can_run(self, state: PageState) -> bool:
        return True

    @abstractmethod
    def run(self, state: PageState) -> None:
        """Do the step, writing its results into ``state``."""

    def cleanup(self, state: PageState) -> None:
        """Release what ``run`` held; called even when ``run`` raised."""


class Decode(Stage):
    """Uploaded bytes (or an array) to a BGR frame; unreadable input raises UnreadableImage."""

    name = "decode"

    def __init__(self, settings: PipelineSettings):
        self.settings = settings

    def run(self, state: PageState) -> None:
        source = state.source
        if isinstance(source, (bytes, bytearray, memoryview)):
            state.frame = imaging.decode_image(bytes(source), max_pixels=self.settings.max_pixels,
                                               max_side=self.settings.max_side)
        elif isinstance(source, np.ndarray):
            state.frame = _as_bgr(source)
        else:
            raise UnreadableImage(f"cannot read a {type(source).__name__} as an image")

    def cleanup(self, state: PageState) -> None:
        state.source = None   # the upload can be large; nothing after decoding needs it


class Rectify(Stage):
    """Find the document's outline and flatten it; ID cards to the standard card size."""

    name = "rectify"

    def __init__(self, settings: PipelineSettings):
        self.settings = settings

    def run(self, state: PageState) -> None:
        frame = state.frame
        state.quad = imaging.find_document(frame)
        w, h = imaging.quad_size(state.quad.corners)
        state.is_card = imaging.looks_like_id_card(w, h) and _may_be_card(state.request)
        if state.is_card:
            state.page = imaging.crop_id_card(frame, state.quad.corners)
            state.to_page = imaging.rectify_transform(imaging.card_corners(state.quad.corners), imaging.ID_CARD_PX)[0]
        elif state.quad.found:
            state.page, state.to_page, _, _ = _flatten(frame, state.quad.corners)
        elif self.settings.deskew:
            state.page, angle = imaging.deskew(frame)
            state.to_page = imaging.deskew_matrix(frame.shape, angle)
        else:
            state.page, state.to_page = frame, np.eye(3)
        state.flat_size = (state.page.shape[1], state.page.shape[0])


class Quality(Stage):
    """The capture checks (ocr.quality) on the frame and its rectified page; they report,
    the kiosk decides whether to ask for another picture."""

    name = "quality"

    def __init__(self, settings: PipelineSettings):
        self.settings = settings

    def run(self, state: PageState) -> None:
        state.quality = quality.assess(state.frame, state.quad, self.settings.quality, page=state.page)


class Orientation(Stage):
    """Turn a page upright. Cards are left to the fast path, which tries both ways up."""

    name = "orientation"

    def __init__(self, settings: PipelineSettings, engine: OcrEngine):
        self.settings, self.engine = settings, engine

    def can_run(self, state: PageState) -> bool:
        return self.settings.fix_orientation and not (state.is_card and self.settings.card_fast_path)

    def run(self, state: PageState) -> None:
        _turn(state, imaging.upright_rotation(state.page, self.engine))


class CardFastPath(Stage):
    """Read a rectified ID card by its line layout (recognition only), then classify and
    extract; keep the result only when it is confident and the card's fields are complete."""

    name = "card_fast_path"

    def __init__(self, settings: PipelineSettings, engine: OcrEngine):
        self.settings, self.engine = settings, engine

    def can_run(self, state: PageState) -> bool:
        return self.settings.card_fast_path and state.is_card

    def run(self, state: PageState) -> None:
        from ocr.classify import classify
        from ocr.extract import extract

        for turn in (0, 180):
            card = imaging.rotate_quarter(state.page, turn)
            result = idcard_layout.read_card(card, self.engine)
            if idcard_layout.mean_confidence(result) < self.settings.card_min_confidence:
                continue
            doc_type, confidence = classify(result, card)
            if doc_type not in CARD_TYPES:
                continue
            fields = extract(doc_type, result, page=state.request.page)
            if _complete(doc_type, fields):
                _turn(state, turn)
                state.ocr = result
                state.doc_type, state.type_confidence, state.fields = doc_type, confidence, fields
                return
        # Not confident: the page goes through orientation and full detection instead, flattened
        # at its own size (a licence seen at a card's proportion would lose its resolution).
        state.page, state.to_page, state.flat_size, state.turn = _flatten(state.frame, state.quad.corners)
        if self.settings.fix_orientation:
            _turn(state, imaging.upright_rotation(state.page, self.engine))


class Recognize(Stage):
    """Full-page detection and recognition, unless the card fast path has already read."""

    name = "ocr"

    def __init__(self, engine: OcrEngine):
        self.engine = engine

    def can_run(self, state: PageState) -> bool:
        return state.ocr is None

    def run(self, state: PageState) -> None:
        state.ocr = self.engine.recognize(state.page)


class Classify(Stage):
    """Which document this is (ocr.classify), from its text and, for photos, its picture."""

    name = "classify"

    def __init__(self, settings: PipelineSettings):
        self.settings = settings

    def can_run(self, state: PageState) -> bool:
        return state.doc_type is None

    def run(self, state: PageState) -> None:
        from ocr.classify import classify

        state.doc_type, state.type_confidence = classify(state.ocr, state.page)


class Extract(Stage):
    """The document type's fields (ocr.extract)."""

    name = "extract"

    def can_run(self, state: PageState) -> bool:
        return state.fields is None

    def run(self, state: PageState) -> None:
        from ocr.extract import extract

        state.fields = extract(state.doc_type, state.ocr, page=state.request.page)


class Judge(Stage):
    """The capture checks once the page is read: the frame's edge, glare, sharpness and
    resolution judged on the recognised type's fields and lines, at its real size."""

    name = "judge"

    def __init__(self, settings: PipelineSettings):
        self.settings = settings

    def can_run(self, state: PageState) -> bool:
        return state.quality is not None and state.to_page is not None

    def run(self, state: PageState) -> None:
        state.quality = quality.for_reading(
            state.quality, quality.PageView(state.frame, state.to_page, state.flat_size, state.turn, state.page,
                                            state.quad.found),
            state.doc_type, state.fields or {}, state.ocr, self.settings.quality)


class FindMarks(Stage):
    """Seals and signatures (ocr.marks); not looked for on cards, photos and passports."""

    name = "marks"

    def __init__(self, settings: PipelineSettings):
        self.settings = settings

    def can_run(self, state: PageState) -> bool:
        return state.doc_type not in NO_MARKS

    def run(self, state: PageState) -> None:
        state.marks = marks.find_marks(state.page, settings=self.settings.marks)


class DocumentPipeline:
    """Reads page images with one OCR engine; safe to share between threads.

    ``read`` takes the uploaded bytes (or a decoded BGR array) and returns a DocumentReading;
    unreadable input raises UnreadableImage (a DocumentError with a citizen message).
    """

    def __init__(self, engine: OcrEngine, settings: PipelineSettings | None = None):
        self.engine = engine
        self.settings = settings or PipelineSettings()
        s = self.settings
        self.stages: tuple[Stage, ...] = (
            Decode(s), Rectify(s), Quality(s), Orientation(s, engine), CardFastPath(s, engine),
            Recognize(engine), Classify(s), Extract(), Judge(s), FindMarks(s),
        )

    def read(self, image: bytes | np.ndarray, expected_types: Iterable[str] | None = None,
             page: int = 0) -> DocumentReading:
        """Read one page. ``expected_types`` (ocr.doctypes strings) narrows what is tried:
        the ID-card fast path runs only when an ID card may be expected."""
        request = ReadRequest(tuple(expected_types) if expected_types is not None else None, page)
        state = PageState(request=request, source=image)
        self.run_stages(state)
        h, w = state.page.shape[:2]
        return DocumentReading(
            doc_type=state.doc_type, type_confidence=state.type_confidence, fields=state.fields,
            ocr=state.ocr, quality=state.quality, marks=state.marks, width=w, height=h,
            timings=state.timings, image=state.page)

    def run_stages(self, state: PageState, stages: Iterable[Stage] | None = None) -> PageState:
        """Run ``stages`` (all by default) on ``state``, timing each in ``state.timings``."""
        for stage in self.stages if stages is None else stages:
            if not stage.can_run(state):
                continue
            start = time.perf_counter()
            try:
                stage.run(state)
            finally:
                stage.cleanup(state)
                state.timings[stage.name] = round((time.perf_counter() - start) * 1000, 1)
        return state


def _flatten(frame: np.ndarray, corners: np.ndarray):
    """(page, to_page, flat_size, turn) of an outline flattened at its own size."""
    matrix, size = imaging.rectify_transform(corners)
    return imaging.rectify(frame, corners), matrix, size, 0


def _turn(state: PageState, degrees: int) -> None:
    state.page = imaging.rotate_quarter(state.page, degrees)
    state.turn = (state.turn + degrees) % 360


def _may_be_card(request: ReadRequest) -> bool:
    return request.expected_types is None or any(t in CARD_TYPES for t in request.expected_types)


def _complete(doc_type: str, fields: dict[str, Field]) -> bool:
    wanted = doctypes.FIELDS.get(doc_type, ())
    return all(name in fields and fields[name].value and fields[name].valid for name in wanted)


def _as_bgr(array: np.ndarray) -> np.ndarray:
    if array.dtype != np.uint8 or array.ndim not in (2, 3) or min(array.shape[:2]) < 8:
        raise UnreadableImage(f"not an 8-bit image array: shape {array.shape}, {array.dtype}")
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    if array.shape[2] == 4:
        return cv2.cvtColor(array, cv2.COLOR_BGRA2BGR)
    if array.shape[2] != 3:
        raise UnreadableImage(f"not a BGR image array: {array.shape[2]} channels")
    return array
