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


def bundled_model_dir() -> Path:
    """The folder of models shipped inside the rapidocr wheel."""
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


class RapidOcrEngine(OcrEngine):
    """PaddleOCR's PP-OCR models via rapidocr + onnxruntime, no network ever.

    Options (all measured on 2 cores, see ocr.speed):
    ``det_limit_side_len``/``det_limit_type``: the detector's input size. rapidocr's default
    ("min", 736) scales a card *up* to 736 px on its short side and leaves an A4 page at
    full size; "max" 736 scales pages down to 736 px on their long side, which detects the
    lines of a 150–200 dpi A4 page as well (fields exact 72/72 vs 66/72 at 960 in
    ``python -m ocr.speed --kinds a4``) at well under half the cost.
    ``threads``: onnxruntime intra-op threads. 2 on an otherwise idle 2-core kiosk (a full
    ID-card read: 465 ms with 2, 813 ms with 1); on a machine busy with other work 1 thread
    can be the faster (the second one waits for a core).
    ``cpu_mem_arena``: onnxruntime's memory arena, which rapidocr turns off; on, recognition
    of an A4 page's lines takes a third of the time (variable-width inputs otherwise
    allocate afresh on every call), for ~150 MB more resident memory that stays level
    (525 vs 371 MB after a dozen A4 pages).
    ``spinning``: whether onnxruntime's idle threads spin waiting for work (its default).
    Off: a kiosk also serves its screen and camera, and spinning threads fight that work
    for the two cores; on a machine at load 4–7 a card read took 412 ms median with 2
    non-spinning threads, 634 ms with 2 spinning ones, 351 ms with 1 thread.
    ``word_boxes``: per-character boxes in OcrLine.chars.
    The 180° line classifier is not used: it flipped whole lines on 5 of 60 A4 pages
    (ocr.md), and page orientation is fixed before OCR (ocr.imaging.upright_rotation).
    """

    name = "rapidocr"

    def __init__(self, *, det_limit_side_len: int = 736, det_limit_type: str = "max",
                 threads: int = 2, word_boxes: bool = True, text_score: float = 0.5,
                 cpu_mem_arena: bool = True, spinning: bool = False,
                 model_dir: str | Path | None = None):
        super().__init__()
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:   # rapidocr is a pinned requirement; this is a broken install
            raise EngineUnavailable(f"rapidocr is not installed: {exc}") from exc
        models = Path(model_dir) if model_dir else bundled_model_dir()
        self.model_paths = {"det": models / DET_MODEL, "rec": models / REC_MODEL}
        for path in self.model_paths.values():
            if not path.is_file():
                raise EngineUnavailable(f"OCR model file missing: {path}")
        self._word_boxes, self._text_score = word_boxes, text_score
        self._ocr = RapidOCR(params={
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Global.model_root_dir": str(models),
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,   # replaced below
            "Det.model_path": str(self.model_paths["det"]),
            "Det.limit_side_len": det_limit_side_len,
            "Det.limit_type": det_limit_type,
            "Rec.model_path": str(self.model_paths["rec"]),
        })
        # The recogniser's session and CTC decoder, for reading lines without rapidocr's
        # 320 px minimum input width (see _read). Both models load now, not on first use.
        self._rec = self._ocr._load_rec_model()
        detector = self._ocr._load_det_model()
        # rapidocr offers no way to set onnxruntime's thread spinning: its sessions are
        # replaced by ones made with the options above.
        for wrapper, model in ((self._rec.session, "rec"), (detector.session, "det")):
            wrapper.session = _session(self.model_paths[model], threads, cpu_mem_arena, spinning)

    def _recognize(self, image: np.ndarray) -> list[OcrLine]:
        # rapidocr's own steps for preparing and detecting, then this engine's recogniser
        # (see _read); the 180° line classifier is left out on purpose (class docstring).
        from rapidocr.ch_ppocr_rec import TextRecOutput
        from rapidocr.main import RapidOCRError
        from rapidocr.utils.process_img import map_boxes_to_original, map_img_to_original

        ocr = self._ocr
        prepared, record = ocr.preprocess_img(image)
        try:
            crops, det = ocr.detect_and_crop(prepared, record)
        except RapidOCRError:   # rapidocr's way of saying "no text found"
            return []
        height, width = image.shape[:2]
        boxes = map_boxes_to_original(det.boxes, record, height, width)
        crops = map_img_to_original(crops, record["preprocess"]["ratio_h"], record["preprocess"]["ratio_w"])
        read = self._read(crops, words=self._word_boxes)
        keep = [i for i, (text, score, _) in enumerate(read) if text.strip() and score >= self._text_score]
        chars: list[tuple] = [()] * len(read)
        if self._word_boxes and keep:
            # per-character boxes from the CTC columns, mapped back through each line's box
            located = ocr.cal_rec_boxes(
                [crops[i] for i in keep], boxes[keep],
                TextRecOutput(txts=tuple(read[i][0] for i in keep),
                              word_results=tuple(read[i][2] for i in keep)))
            if len(located.word_results) == len(keep):
                for i, words in zip(keep, located.word_results):
                    chars[i] = _chars(words)
        return [OcrLine(text=read[i][0], confidence=read[i][1], box=_box(boxes[i]), chars=chars[i])
                for i in keep]

    def _recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return [(text, score) for text, score, _ in self._read(crops)]

    def _read(self, crops: list[np.ndarray], *, words: bool = False) -> list[tuple[str, float, object]]:
        # rapidocr pads every line to at least 320 px (and a batch to its widest line);
        # short card fields ("男", "汉") then cost as much as a long line. Each crop here keeps
        # its own width, batched only with crops of nearly the same width: half the time on
        # an ID card's 14 lines and a quarter less on an A4 page, same text (ocr.speed).
        height = REC_HEIGHT
        widths = [_rec_width(c, height) for c in crops]
        order = sorted(range(len(crops)), key=widths.__getitem__)
        results: list[tuple[str, float, object]] = [("", 0.0, None)] * len(crops)
        for group in _similar_width_groups(order, widths):
            width = max(widths[i] for i in group)
            batch = np.stack([_normalise(crops[i], widths[i], width, height) for i in group])
            preds = self._rec.session(batch)
            lines, word_info = self._rec.postprocess_op(
                preds, words, wh_ratio_list=[widths[i] / height for i in group],
                max_wh_ratio=width / height)
            for n, (i, (text, score)) in enumerate(zip(group, lines)):
                results[i] = (text, float(score), word_info[n] if words else None)
        return results


REC_HEIGHT = 48   # PP-OCRv6 rec input height


def _session(model: Path, threads: int, arena: bool, spinning: bool):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = arena
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


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
