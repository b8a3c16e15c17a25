"""Tesseract 5 (chi_sim) through pytesseract: the benchmark's peer engine.

OMP_THREAD_LIMIT=1 is set for the tesseract process: with its default OpenMP threads it is
5–7× slower on 2 cores (ocr.md).
"""
from __future__ import annotations

import os

import numpy as np

from ocr.engines.base import EngineUnavailable, OcrEngine
from ocr.types import OcrLine


class TesseractEngine(OcrEngine):
    """Tesseract line boxes from ``image_to_data``, words of one line joined.

    CJK words come back one or a few characters at a time; they are joined without spaces,
    latin words with one, as the line's text. Confidence is the mean word confidence / 100.
    """

    name = "tesseract"

    def __init__(self, *, lang: str = "chi_sim", psm: int = 3):
        super().__init__()
        try:
            import pytesseract
        except ImportError as exc:
            raise EngineUnavailable(f"pytesseract is not installed: {exc}") from exc
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")   # inherited by the tesseract process
        try:
            languages = pytesseract.get_languages(config="")
        except pytesseract.TesseractNotFoundError as exc:
            raise EngineUnavailable("the tesseract program is not installed") from exc
        if lang not in languages:
            raise EngineUnavailable(f"tesseract language data {lang!r} is not installed")
        self._tess, self.lang, self.psm = pytesseract, lang, psm

    def _recognize(self, image: np.ndarray) -> list[OcrLine]:
        data = self._tess.image_to_data(image[:, :, ::-1], lang=self.lang, config=f"--psm {self.psm}",
                                        output_type=self._tess.Output.DICT)
        return lines_from_data(data)

    def _recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        out = []
        for crop in crops:   # psm 7: the crop is a single text line
            data = self._tess.image_to_data(crop[:, :, ::-1], lang=self.lang, config="--psm 7",
                                            output_type=self._tess.Output.DICT)
            lines = lines_from_data(data)
            out.append((" ".join(l.text for l in lines), float(np.mean([l.confidence for l in lines])))
                       if lines else ("", 0.0))
        return out


def lines_from_data(data: dict) -> list[OcrLine]:
    """Group ``image_to_data`` words by (block, paragraph, line) into OcrLines."""
    groups: dict[tuple, list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0:
            groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    lines = []
    for idx in groups.values():
        text = ""
        for i in idx:
            word = data["text"][i].strip()
            if text and text[-1].isascii() and word[0].isascii():
                text += " "
            text += word
        x0 = min(data["left"][i] for i in idx)
        y0 = min(data["top"][i] for i in idx)
        x1 = max(data["left"][i] + data["width"][i] for i in idx)
        y1 = max(data["top"][i] + data["height"][i] for i in idx)
        conf = float(np.mean([float(data["conf"][i]) for i in idx])) / 100
        lines.append(OcrLine(text=text, confidence=conf,
                             box=((x0, y0), (x1, y0), (x1, y1), (x0, y1))))
    return lines
