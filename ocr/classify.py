"""Which document a page is, from the words printed on it (and, for ID photos, the picture).

Every type has keywords with weights: its title weighs most, its field labels less. A keyword
counts when found exactly or with one OCR error (ocr.extract.fuzzy), an inexact hit at a
reduced weight. The type with the most weight wins; its confidence grows with the evidence
and shrinks when a second type is close. A page with little text and the look of an ID photo
(portrait aspect, plain background round a subject) is a 1-inch photo.
"""
from __future__ import annotations

import re

import cv2
import numpy as np

from ocr import doctypes
from ocr.extract import fuzzy
from ocr.extract.normalise import compact
from ocr.types import OcrResult

KEYWORDS: dict[str, dict[str, float]] = {
    doctypes.ID_CARD_FRONT: {"公民身份号码": 3, "姓名": 1, "性别": 1, "民族": 2, "出生": 1, "住址": 2},
    doctypes.ID_CARD_BACK: {"居民身份证": 3, "签发机关": 2, "有效期限": 2, "中华人民共和国": 1},
    doctypes.HUKOU_COVER: {"居民户口簿": 3, "公安部": 1, "监制": 1},
    doctypes.HUKOU_INDEX: {"户口簿": 1, "户别": 2, "户主姓名": 2, "户号": 2, "承办人签章": 1, "户口专用章": 1},
    doctypes.HUKOU_MEMBER: {"常住人口登记卡": 3, "户主或与户主关系": 2, "曾用名": 2, "籍贯": 2, "公民身份证件编号": 2,
                            "文化程度": 1, "婚姻状况": 1},
    doctypes.BUSINESS_LICENCE: {"营业执照": 3, "统一社会信用代码": 3, "法定代表人": 1, "注册资本": 2, "成立日期": 1,
                                "营业期限": 2, "经营范围": 2, "登记机关": 1},
    doctypes.MARRIAGE_CERTIFICATE: {"结婚证": 3, "持证人": 2, "结婚证字号": 2, "登记日期": 1, "国籍": 1},
    doctypes.BIRTH_CERTIFICATE: {"出生医学证明": 3, "新生儿姓名": 2, "母亲姓名": 1, "父亲姓名": 1, "出生地点": 1,
                                 "接生机构": 2},
    doctypes.LEASE_CONTRACT: {"租赁合同": 3, "出租方": 2, "承租方": 2, "租金": 1, "租赁期限": 1, "甲方": 0.5, "乙方": 0.5},
    doctypes.PROPERTY_CERTIFICATE: {"不动产权": 3, "权利人": 2, "坐落": 2, "不动产单元号": 2, "共有情况": 1,
                                    "权利类型": 1, "权利性质": 1},
    doctypes.PASSPORT: {"护照": 2, "PASSPORT": 2, "国家码": 1, "COUNTRYCODE": 1, "PASSPORTNO": 1},
}
_MRZ_TD3 = re.compile(r"P[A-Z<][A-Z<]{3}[A-Z<]{20,}")
EVIDENCE = 5.0        # weight at which a type is certain on its own
UNKNOWN_BELOW = 0.35  # confidence under which the page is "unknown"


def scores(result: OcrResult) -> dict[str, float]:
    """Keyword weight found for every type (inexact hits count 70%)."""
    text = compact("".join(line.text for line in result.lines)).upper()
    out = {}
    for doc_type, keywords in KEYWORDS.items():
        total = 0.0
        for keyword, weight in keywords.items():
            errors = fuzzy.contains(text, keyword)
            if errors is not None:
                total += weight * (1.0 if errors == 0 else 0.7)
        out[doc_type] = total
    if _MRZ_TD3.search(text.replace(" ", "")):
        out[doctypes.PASSPORT] += 3
    return out


def classify(result: OcrResult, image: np.ndarray | None = None) -> tuple[str, float]:
    """(document type, confidence 0–1); ``doctypes.UNKNOWN`` when the evidence is too weak.

    ``image`` (BGR) lets a page with almost no text be recognised as a 1-inch photo.
    """
    found = scores(result)
    ranked = sorted(found.items(), key=lambda kv: -kv[1])
    (best, w1), (_, w2) = ranked[0], ranked[1]
    if w1 < 2 and image is not None and len("".join(l.text for l in result.lines)) <= 6:
        photo = photo_likeness(image)
        if photo >= 0.5:
            return doctypes.PHOTO_1INCH, photo
    if w1 <= 0:
        return doctypes.UNKNOWN, 0.0
    confidence = min(1.0, w1 / EVIDENCE) * (1.0 - 0.5 * w2 / w1)
    if confidence < UNKNOWN_BELOW:
        return doctypes.UNKNOWN, confidence
    return best, round(confidence, 3)


def photo_likeness(image: np.ndarray) -> float:
    """0–1: how much the image (or the largest object in it) looks like an ID photo.

    An ID photo is about 25 × 35 mm (height/width ≈ 1.4) on a plain, evenly coloured
    background, with a subject in the middle that differs from it.
    """
    for crop in (image, _largest_object(image)):
        if crop is None or min(crop.shape[:2]) < 40:
            continue
        h, w = crop.shape[:2]
        if not 1.2 <= h / w <= 1.6:
            continue
        border = np.concatenate([crop[: h // 10, :].reshape(-1, 3), crop[:, : w // 10].reshape(-1, 3),
                                 crop[:, -w // 10:].reshape(-1, 3)])
        # Fine texture, not overall spread: lighting makes a plain background a smooth gradient.
        gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        texture = np.abs(cv2.Laplacian(cv2.GaussianBlur(gray, (3, 3), 0), cv2.CV_32F))
        plain = float(np.mean(np.concatenate([texture[: h // 10].ravel(), texture[:, : w // 10].ravel(),
                                              texture[:, -w // 10:].ravel()])))
        centre = crop[h // 4: 3 * h // 4, w // 3: 2 * w // 3].reshape(-1, 3).astype(np.float32)
        contrast = float(np.linalg.norm(centre.mean(axis=0) - border.mean(axis=0)))
        if plain < 2.5 and contrast > 30:
            return round(min(1.0, 0.6 + contrast / 300), 3)
    return 0.0


def _largest_object(image: np.ndarray) -> np.ndarray | None:
    """The upright bounding box of the largest outlined object (a photo lying on a desk)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    edges = cv2.dilate(cv2.Canny(gray, 40, 120), None, iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    x, y, w, h = cv2.boundingRect(max(contours, key=cv2.contourArea))
    if w * h < 0.1 * image.shape[0] * image.shape[1]:
        return None
    dx, dy = int(0.06 * w), int(0.06 * h)   # stay inside the edge of a slightly skewed print
    return image[y + dy: y + h - dy, x + dx: x + w - dx]
