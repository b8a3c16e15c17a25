"""PP-OCRv6 small detection + recognition through rapidocr on onnxruntime (the default engine).

Only the models bundled in the rapidocr wheel are used, named by path: rapidocr downloads a
model when none is named and the file for its default is missing, which a hall's network
would refuse (and should never be asked to allow).
"""
from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

from ocr.engines.base import EngineUnavailable, OcrEngine
from ocr.types import OcrChar, OcrLine

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


def bundled_model_dir() -> Path:
    """The folder of models shipped inside the rapidocr wheel."""
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


class RapidOcrEngine(OcrEngine):
    """PaddleOCR's PP-OCR models via rapidocr + onnxruntime, no network ever.

    Options (all measured on 2 cores, see ocr.speed):
    ``det_limit_side_len``/``det_limit_type``: the detector's input size. rapidocr's default
    ("min", 736) scales a card *up* to 736 px on its short side; "max" 960 keeps pages at
    about reading resolution and costs a fraction.
    ``threads``: onnxruntime intra-op threads (2 on a 2-core kiosk).
    ``use_cls``: the 180° line classifier; off, because it flipped whole lines on 5 of 60
    A4 pages and page orientation is fixed before OCR (ocr.imaging).
    ``word_boxes``: per-character boxes in OcrLine.chars.
    """

    name = "rapidocr"

    def __init__(self, *, det_limit_side_len: int = 960, det_limit_type: str = "max",
                 threads: int = 2, use_cls: bool = False, word_boxes: bool = True,
                 text_score: float = 0.5, rec_batch_num: int = 8,
                 model_dir: str | Path | None = None):
        super().__init__()
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - rapidocr is a pinned requirement
            raise EngineUnavailable(f"rapidocr is not installed: {exc}") from exc
        models = Path(model_dir) if model_dir else bundled_model_dir()
        self.model_paths = {"det": models / DET_MODEL, "rec": models / REC_MODEL,
                            "cls": models / CLS_MODEL}
        for path in self.model_paths.values():
            if not path.is_file():
                raise EngineUnavailable(f"OCR model file missing: {path}")
        onnx = {"EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1}
        self._word_boxes = word_boxes
        self._ocr = RapidOCR(params={
            **onnx,
            "Global.use_cls": use_cls,
            "Global.text_score": text_score,
            "Global.return_word_box": word_boxes,
            "Global.log_level": "error",
            "Global.model_root_dir": str(models),
            "Det.model_path": str(self.model_paths["det"]),
            "Det.limit_side_len": det_limit_side_len,
            "Det.limit_type": det_limit_type,
            "Rec.model_path": str(self.model_paths["rec"]),
            "Rec.rec_batch_num": rec_batch_num,
            "Cls.model_path": str(self.model_paths["cls"]),
        })
        # The recogniser's session and CTC decoder, for line reading without rapidocr's
        # 320 px minimum input width (see _recognize_lines). Loaded now, not on first use.
        self._rec = self._ocr._load_rec_model()

    def _recognize(self, image: np.ndarray) -> list[OcrLine]:
        out = self._ocr(image)
        if getattr(out, "boxes", None) is None or out.txts is None:
            return []
        words = out.word_results if self._word_boxes else ()
        lines = []
        for i, (box, text, score) in enumerate(zip(out.boxes, out.txts, out.scores)):
            chars = _chars(words[i]) if i < len(words) and words[i] else ()
            lines.append(OcrLine(text=text, confidence=float(score), box=_box(box), chars=chars))
        return lines

    def _recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        # rapidocr pads every line to at least 320 px (and a batch to its widest line);
        # short card fields ("男", "汉") then cost as much as a long line. Each crop here keeps
        # its own width, batched only with crops of nearly the same width: half the time on
        # an ID card's 14 lines, same text (measured in ocr.speed).
        height = REC_HEIGHT
        widths = [_rec_width(c, height) for c in crops]
        order = sorted(range(len(crops)), key=widths.__getitem__)
        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for group in _similar_width_groups(order, widths):
            width = max(widths[i] for i in group)
            batch = np.stack([_normalise(crops[i], widths[i], width, height) for i in group])
            preds = self._rec.session(batch)
            lines, _ = self._rec.postprocess_op(
                preds, False, wh_ratio_list=[widths[i] / height for i in group],
                max_wh_ratio=width / height)
            for i, (text, score) in zip(group, lines):
                results[i] = (text, float(score))
        return results


REC_HEIGHT = 48   # PP-OCRv6 rec input height


def _rec_width(crop: np.ndarray, height: int) -> int:
    h, w = crop.shape[:2]
    return max(height // 2, int(math.ceil(height * w / h / 8) * 8))


def _similar_width_groups(order: list[int], widths: list[int], *, slack: float = 1.15, size: int = 8):
    group: list[int] = []
    for i in order:
        if group and (len(group) == size or widths[i] > slack * widths[group[0]]):
            yield group
            group = []
        group.append(i)
    if group:
        yield group


def _normalise(crop: np.ndarray, width: int, padded: int, height: int) -> np.ndarray:
    # PaddleOCR's recogniser normalisation: RGB order as given, (x / 255 - 0.5) / 0.5, right-padded.
    resized = cv2.resize(crop, (width, height)).astype(np.float32).transpose(2, 0, 1)
    out = np.zeros((3, height, padded), np.float32)
    out[:, :, :width] = (resized / 255 - 0.5) / 0.5
    return out


def _box(points) -> tuple:
    pts = np.asarray(points, dtype=float).reshape(4, 2)
    return tuple((float(x), float(y)) for x, y in pts)


def _chars(word_line) -> tuple[OcrChar, ...]:
    # rapidocr gives (text, score, 4-point box) per character or per latin word.
    return tuple(OcrChar(text=text, box=_box(box), confidence=float(score))
                 for text, score, box in word_line if box is not None)
