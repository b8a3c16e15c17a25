"""Reading a machine-readable zone from a photo of a passport or permit.

The OCR engine reads the zone as ordinary text lines; this module picks the lines that are MRZ
(long runs of A–Z, 0–9 and '<'), restores the fixed line length, undoes OCR confusions per
position using what each position may hold (digits in dates and check digits, letters in names
and country codes), lets the check digits choose between look-alikes in document numbers, and
hands the text to :func:`ocr.mrz.parse_mrz`.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import cv2
import numpy as np

from ocr.mrz import Mrz, MrzFormatError, check_digit, parse_mrz
from ocr.types import OcrResult

# What each position may hold: A letter or '<', N digit, C check digit (digit or '<'),
# S sex (M, F or '<'), X anything. ICAO 9303 part 4 (TD3) and part 5 (TD1); CS/CD per ocr.mrz.
TEMPLATES = {
    (44, 2): ("A" * 44, "X" * 9 + "C" + "AAA" + "N" * 6 + "C" + "S" + "N" * 6 + "C" + "X" * 14 + "CC"),
    (30, 3): ("AA" + "AAA" + "X" * 9 + "C" + "X" * 15, "N" * 6 + "CS" + "N" * 6 + "C" + "AAA" + "X" * 11 + "C",
              "A" * 30),
}
EEP_FIRST = "AA" + "X" * 9 + "C" + "X" + "N" * 6 + "C" + "X" + "N" * 6 + "C" + "X" + "C"
_TO_DIGIT = str.maketrans("OQDUIJLZSGBTA", "0000111256874")
_TO_LETTER = str.maketrans("0125684", "OIZSGBA")
# Look-alikes tried in document numbers, where letters and digits are both allowed.
_SWAPS = {"0": "OD", "O": "0", "D": "0", "Q": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S",
          "S": "5", "2": "Z", "Z": "2", "6": "G", "G": "6"}
_MRZ_CHARS = re.compile(r"[^A-Z0-9<]")


# Symbols the recogniser returns for OCR-B letters (∪ for U seen on camera frames), after NFKC.
_SYMBOLS = str.maketrans({"∪": "U", "∩": "N", "Ο": "O", "О": "O", "€": "E", "¢": "C", "Ⅰ": "I", "丨": "I"})


def clean_line(text: str) -> str:
    """Upper-case, no spaces, symbol look-alikes read back as letters and the filler's as '<'."""
    text = unicodedata.normalize("NFKC", text).translate(_SYMBOLS).upper().replace(" ", "")
    for look_alike in ("«", "‹", "く", "〈", "＜", "(", "["):
        text = text.replace(look_alike, "<")
    return _MRZ_CHARS.sub("<", text)


def _is_mrz(text: str) -> bool:
    return len(text) >= 26 and text.count("<") >= 2 and sum(c.isalnum() or c == "<" for c in text) >= len(text) - 1


def is_mrz_text(text: str) -> bool:
    """Whether an OCR'd line looks like a line of a machine-readable zone."""
    return _is_mrz(clean_line(text))


def _fit(line: str, length: int) -> str:
    """Restore the line length OCR lost or gained in '<' runs (fillers are hard to count)."""
    while len(line) > length:
        runs = list(re.finditer(r"<{2,}", line))
        if not runs:
            return line[:length]
        run = max(runs, key=lambda m: len(m.group(0)))
        line = line[:run.start()] + line[run.start() + 1:]
    if len(line) < length:
        runs = list(re.finditer(r"<{2,}", line))
        if runs and not line.endswith("<"):
            run = max(runs, key=lambda m: len(m.group(0)))
            line = line[:run.end()] + "<" * (length - len(line)) + line[run.end():]
        else:
            line = line + "<" * (length - len(line))
    return line


def _typed(line: str, template: str) -> str:
    out = []
    for char, kind in zip(line, template):
        if kind in "NC" and not (char.isdigit() or (kind == "C" and char == "<")):
            char = char.translate(_TO_DIGIT)
        elif kind == "A" and char.isdigit():
            char = char.translate(_TO_LETTER)
        elif kind == "S" and char not in "MF<":
            char = {"H": "M", "N": "M", "E": "F", "P": "F"}.get(char, "<")
        out.append(char)
    return "".join(out)


def _repair_number(lines: list[str], fmt: tuple[int, int]) -> list[str]:
    """Swap one look-alike in the document number when exactly one such swap satisfies its check."""
    row, start, end, check_at = (1, 0, 9, 9) if fmt == (44, 2) else (0, 5, 14, 14)
    line = lines[row]
    if check_digit(line[start:end]) == line[check_at]:
        return lines
    # A mod-10 check digit lets several swaps pass; only swaps that make the character the same
    # kind (digit or letter) as most of the number are considered (E09O74251 -> E09074251).
    body = line[start + 1:end].rstrip("<")
    digits = sum(c.isdigit() for c in body) * 2 >= len(body)
    passing = []
    for i in range(start, end):
        for other in _SWAPS.get(line[i], ""):
            candidate = line[:i] + other + line[i + 1:]
            if other.isdigit() == digits and check_digit(candidate[start:end]) == candidate[check_at]:
                passing.append(candidate)
    if len(passing) == 1:
        lines = list(lines)
        lines[row] = passing[0]
    return lines


def mrz_from_texts(texts: Sequence[str]) -> Mrz | None:
    """The zone among OCR'd text lines (top to bottom), repaired and parsed; None if absent."""
    candidates = [clean_line(t) for t in texts]
    candidates = [c for c in candidates if _is_mrz(c)]
    if not candidates:
        return None
    if len(candidates) >= 2 and all(len(c) > 37 for c in candidates[-2:]):
        fmt, rows = (44, 2), candidates[-2:]
    elif len(candidates) >= 3:
        fmt, rows = (30, 3), candidates[-3:]
    else:
        return None
    lines = [_fit(r, fmt[0]) for r in rows]
    templates = TEMPLATES[fmt]
    if fmt == (30, 3) and lines[0][:2] in ("CS", "CD"):
        templates = (EEP_FIRST, "X" * 30, "X" * 30)
    lines = [_typed(line, template) for line, template in zip(lines, templates)]
    if templates[0] != EEP_FIRST:
        lines = _repair_number(lines, fmt)
    try:
        return parse_mrz("\n".join(lines))
    except MrzFormatError:
        return None


def mrz_from_result(result: OcrResult) -> Mrz | None:
    """The zone in an OCR result, lines taken in reading order (top to bottom)."""
    ordered = sorted(result.lines, key=lambda line: min(p[1] for p in line.box))
    return mrz_from_texts([line.text for line in ordered])


def find_band(image: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the MRZ band: the lowest wide block of dense dark print.

    Blackhat + horizontal gradient + closing turns each MRZ line into one long blob, a method
    that works on camera images without knowing the page's size (pyimagesearch, PassportEye).
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    scale = 800 / max(width, 1)
    small = cv2.resize(gray, (800, max(1, int(height * scale))))
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (13, 5)))
    grad = np.absolute(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1))
    grad = (255 * (grad - grad.min()) / max(1e-6, float(np.ptp(grad)))).astype(np.uint8)
    closed = cv2.morphologyEx(grad, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (21, 5)))
    _, mask = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (21, 21)))
    mask = cv2.erode(mask, None, iterations=2)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    bands = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w > 0.6 * small.shape[1] and w / max(h, 1) > 5:
            bands.append((x, y, w, h))
    if not bands:
        return None
    # Each MRZ line may come out as its own blob: take the lowest and the wide blobs stacked on it.
    bands.sort(key=lambda b: -(b[1] + b[3]))
    x0, y0, w0, h0 = bands[0]
    left, top, right, bottom = x0, y0, x0 + w0, y0 + h0
    for x, y, w, h in bands[1:]:
        if y + h >= top - 1.5 * h0:
            left, top, right = min(left, x), min(top, y), max(right, x + w)
    # Generous room above: the upper line's blob is sometimes lost to the closing step.
    pad_x, pad_y = int(0.03 * (right - left)), int(0.5 * h0)
    return (max(0, int((left - pad_x) / scale)), max(0, int((top - 3.5 * h0) / scale)),
            min(width, int((right + pad_x) / scale)), min(height, int((bottom + pad_y) / scale)))


def read_mrz(image: np.ndarray, engine) -> Mrz | None:
    """Find, OCR and parse the zone of a passport/permit image with an ``OcrEngine``.

    Only the band is recognised when one is found (a fraction of the page's cost); the whole
    image is read when the band is missing or its text does not parse.
    """
    band = find_band(image)
    if band is not None:
        left, top, right, bottom = band
        mrz = mrz_from_result(engine.recognize(np.ascontiguousarray(image[top:bottom, left:right])))
        if mrz is not None and mrz.valid:
            return mrz
    return mrz_from_result(engine.recognize(image))
