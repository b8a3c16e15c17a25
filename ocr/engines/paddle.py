"""PaddleOCR 3.x on PaddlePaddle, for installations that provide the model folders.

PaddleOCR downloads its models from model hubs when none are given, and fails offline
(ocr.md); here the detection and recognition folders are required and checked before
paddleocr is even imported, so a kiosk never tries the network. paddleocr is imported
lazily: it is an optional, ~1.4 GB install.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ocr.engines.base import EngineUnavailable, OcrEngine
from ocr.types import OcrLine


class PaddleOcrEngine(OcrEngine):
    """PaddleOCR's PP-OCR pipeline with local models.

    ``det_model_dir`` / ``rec_model_dir``: exported inference folders (inference.yml +
    model files) of a detection and a recognition model, e.g. PP-OCRv5_mobile_det/_rec;
    ``det_model_name`` / ``rec_model_name`` when the folder's inference.yml does not say.
    Document orientation, unwarping and text-line orientation stay off: ocr.imaging does
    that work before OCR.
    """

    name = "paddleocr"

    def __init__(self, *, det_model_dir: str | Path | None = None, rec_model_dir: str | Path | None = None,
                 det_model_name: str | None = None, rec_model_name: str | None = None,
                 device: str = "cpu", cpu_threads: int = 2):
        super().__init__()
        for label, folder in (("detection", det_model_dir), ("recognition", rec_model_dir)):
            if not folder:
                raise EngineUnavailable(f"PaddleOCR needs a local {label} model folder "
                                        f"({label[:3]}_model_dir); models are never downloaded")
            if not Path(folder).is_dir():
                raise EngineUnavailable(f"PaddleOCR {label} model folder not found: {folder}")
        try:
            from paddleocr import PaddleOCR, TextRecognition
        except ImportError as exc:
            raise EngineUnavailable(f"paddleocr is not installed: {exc}") from exc
        self._ocr = PaddleOCR(
            text_detection_model_dir=str(det_model_dir), text_detection_model_name=det_model_name,
            text_recognition_model_dir=str(rec_model_dir), text_recognition_model_name=rec_model_name,
            use_doc_orientation_classify=False, use_doc_unwarping=False,
            use_textline_orientation=False, device=device, cpu_threads=cpu_threads)
        self._rec = TextRecognition(model_dir=str(rec_model_dir), model_name=rec_model_name,
                                    device=device, cpu_threads=cpu_threads)

    def _recognize(self, image: np.ndarray) -> list[OcrLine]:
        return lines_from_predict(self._ocr.predict(image))

    def _recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return texts_from_recognition(self._rec.predict(crops))


def lines_from_predict(results) -> list[OcrLine]:
    """Map ``PaddleOCR.predict`` output (one result per input page, dict-like with
    ``rec_texts``, ``rec_scores`` and ``rec_polys``) to OcrLines, dropping empty texts."""
    lines = []
    for res in results:
        for text, score, poly in zip(res["rec_texts"], res["rec_scores"], res["rec_polys"]):
            if not str(text).strip():
                continue
            pts = np.asarray(poly, dtype=float).reshape(-1, 2)
            if len(pts) != 4:   # curved text comes as a polygon: keep its bounding box
                x0, y0 = pts.min(axis=0)
                x1, y1 = pts.max(axis=0)
                pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
            box = tuple((float(x), float(y)) for x, y in pts)
            lines.append(OcrLine(text=str(text), confidence=float(score), box=box))
    return lines


def texts_from_recognition(results) -> list[tuple[str, float]]:
    """Map ``TextRecognition.predict`` output (``rec_text``, ``rec_score`` per crop)."""
    return [(str(res["rec_text"]), float(res["rec_score"])) for res in results]
