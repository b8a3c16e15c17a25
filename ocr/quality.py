"""Capture quality: is this frame good enough to read, and if not, what should the citizen do?

Each measure compares one number with one threshold from ``QualitySettings`` and says, in
plain zh-CN and English, what to change. ``StabilityTracker`` watches consecutive preview
frames so the kiosk can take the picture itself once the page lies still.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr import doctypes, imaging
from ocr.types import Box, Field, OcrResult, QualityCheck, QualityReport

A4_SHORT_SIDE_MM = 210.0
GLARE_WORK_SIDE = 640
SHARPNESS_PX_PER_MM = 5.0   # print 2.5 mm tall is 12 px: enough to see whether it is crisp


@dataclass(frozen=True)
class QualitySettings:
    """Thresholds of the capture checks (instance config can override any of them)."""

    min_sharpness: float = 50.0        # variance of the Laplacian at 5 px/mm: fails past ~0.3 mm blur
    glare_level: int = 250             # a pixel this bright in every channel is blown out
    max_glare_fraction: float = 0.004  # blown-out blobs over the document, share of its area
    min_glare_blob: float = 0.0005     # smaller blown-out specks are print, not glare
    max_dark_level: int = 90           # too dark: even the paper (95th pct) is below this
    min_bright_level: int = 190        # too bright: even the ink (0.5th pct) is above this
    edge_margin: float = 0.012         # a side this close to the frame edge touches it
    max_edge_contact: float = 0.04     # share of the outline that may touch the frame edge
    min_px_per_mm_card: float = 6.0    # ID-card print is ~2.5 mm tall: ≥ 15 px to read
    min_px_per_mm_page: float = 4.0    # 10.5 pt body text is ~3.7 mm tall: ≥ 15 px
    still_difference: float = 4.0      # mean grey change (0–255) between frames that is "still"
    still_frames: int = 3              # this many still frames in a row before auto-capture
    # Once the page is read (for_reading): judged on the type's fields and text lines.
    field_edge_margin: float = 0.004   # a field this close to the frame edge (share of its long side) is cut
    min_field_inside: float = 0.97     # share of a field's box the camera must have seen
    max_field_glare: float = 0.05      # share of a field's box that may be blown out
    min_text_sharpness: float = 60.0   # variance of the Laplacian on the text lines at TEXT_HEIGHT
    min_text_px: float = 12.0          # the type's smallest print must be this many px tall
    min_line_px: float = 16.0          # median height of the text lines read (their boxes), camera px


# How a field is named to the citizen when a check points at it.
FIELD_LABELS = {
    "name": ("姓名", "name"), "gender": ("性别", "sex"), "ethnicity": ("民族", "ethnicity"),
    "birth_date": ("出生日期", "date of birth"), "address": ("住址", "address"),
    "id_number": ("身份号码", "ID number"), "issuing_authority": ("签发机关", "issuing authority"),
    "valid_from": ("有效期限", "validity"), "valid_until": ("有效期限", "validity"),
    "relation": ("与户主关系", "relation to the head"), "birthplace": ("出生地", "place of birth"),
    "uscc": ("统一社会信用代码", "credit code"), "company_name": ("名称", "name"),
    "business_type": ("类型", "type"), "legal_representative": ("法定代表人", "legal representative"),
    "registered_capital": ("注册资本", "registered capital"), "established_date": ("成立日期", "date of establishment"),
    "document_number": ("护照号", "passport number"), "text": ("文字", "text"),
}

# What the citizen can do at a fixed overhead camera: the document is moved, never the camera.
_TEXT = {
    "document": ("请将材料平放在高拍仪下方", "Lay the document flat under the camera."),
    "sharpness": ("看不清材料上的文字，请放入要拍摄的材料，松手让它平放静止",
                  "No clear text in view: lay the document down flat and let go of it."),
    "glare": ("请调整角度避开反光", "Tilt the document to avoid the glare."),
    "too_dark": ("画面太暗，请将材料放在灯光下", "Too dark: place the document under the light."),
    "too_bright": ("画面过亮，请调整角度避开强光", "Too bright: move away from the strong light."),
    "in_frame": ("请将材料完整放入取景框内", "Place the whole document inside the frame."),
    "resolution": ("材料在画面中太小，请展平后放在拍摄区中央", "The document looks too small: unfold it and lay it in the middle."),
    "stability": ("材料还在移动，请松手让它静止", "The document is still moving: let go of it."),
}


def _check(code: str, ok: bool, value: float, threshold: float, text_key: str | None = None,
           box: Box | None = None, where: str = "") -> QualityCheck:
    zh, en = ("", "") if ok else _TEXT[text_key or code]
    if where and not ok:   # say where: 请调整角度避开反光（姓名）
        label = FIELD_LABELS.get(where, (where, where))
        zh, en = f"{zh}（{label[0]}）", f"{en} ({label[1]})"
    return QualityCheck(code=code, ok=ok, value=round(float(value), 4), threshold=float(threshold),
                        instruction=zh, instruction_en=en, box=box, where=where if not ok else "")


def assess(frame: np.ndarray, quad: imaging.DocumentQuad | None = None,
           settings: QualitySettings | None = None, *, page: np.ndarray | None = None) -> QualityReport:
    """Run every capture check on a camera frame.

    ``quad`` is where the document lies (found here when not given); ``page`` is the
    rectified document (made here when not given). Checks: sharpness, glare, exposure,
    in_frame, resolution.
    """
    settings = settings or QualitySettings()
    quad = quad or imaging.find_document(frame)
    page = page if page is not None else imaging.rectify(frame, quad.corners)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    return QualityReport(checks=(
        sharpness_check(gray, settings, pixels_per_mm(quad)[0]),
        glare_check(frame, quad, settings),
        exposure_check(gray, settings),
        in_frame_check(frame.shape, quad, settings),
        resolution_check(quad, settings),
    ))


def sharpness(gray: np.ndarray, px_per_mm: float | None = None) -> float:
    """Variance of the Laplacian with the page scaled to SHARPNESS_PX_PER_MM.

    Measuring at one physical scale makes the figure mean the same for a card and an A4
    page and for any camera: blur is judged at the scale print is read at. Pages already
    coarser are measured as they are (the resolution check speaks for them). Without
    ``px_per_mm`` the page is taken as A4 seen whole.
    """
    h, w = gray.shape
    if px_per_mm is None:
        px_per_mm = min(h, w) / A4_SHORT_SIDE_MM
    k = min(1.0, SHARPNESS_PX_PER_MM / max(px_per_mm, 1e-6))
    scaled = cv2.resize(gray, (max(1, round(w * k)), max(1, round(h * k))),
                        interpolation=cv2.INTER_AREA) if k < 1 else gray
    return float(cv2.Laplacian(scaled, cv2.CV_64F).var())


def sharpness_check(gray: np.ndarray, settings: QualitySettings, px_per_mm: float | None = None) -> QualityCheck:
    value = sharpness(gray, px_per_mm)
    return _check("sharpness", value >= settings.min_sharpness, value, settings.min_sharpness)


def glare_check(frame: np.ndarray, quad: imaging.DocumentQuad, settings: QualitySettings) -> QualityCheck:
    """Blown-out specular blobs over the document; the box is the largest one (frame pixels).

    When the paper itself is clipped white (a scan, an over-lit flat page) glare cannot be
    told from paper and the check passes; the exposure check speaks for such pages.
    """
    # Glare spots are large and soft: a 640 px copy (every n-th pixel is enough) finds them
    # at a tenth of the cost.
    k = min(1.0, GLARE_WORK_SIDE / max(frame.shape[:2]))
    small = cv2.resize(frame, None, fx=k, fy=k, interpolation=cv2.INTER_NEAREST) if k < 1 else frame
    h, w = small.shape[:2]
    doc = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(doc, np.round(quad.corners * k).astype(np.int32), 255)
    doc_area = max(1, cv2.countNonZero(doc))
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    cumulative = np.cumsum(cv2.calcHist([gray], [0], doc, [256], [0, 256]).ravel())
    if np.searchsorted(cumulative, cumulative[-1] / 2) >= settings.glare_level - 5:   # median
        return _check("glare", True, 0.0, settings.max_glare_fraction)
    b, g, r = cv2.split(small)
    blown = cv2.bitwise_and(cv2.inRange(cv2.min(cv2.min(b, g), r), settings.glare_level, 255), doc)
    count, _, stats, _ = cv2.connectedComponentsWithStats(blown, connectivity=8)
    blobs = [s for s in stats[1:count] if s[4] >= settings.min_glare_blob * doc_area]
    fraction = sum(int(s[4]) for s in blobs) / doc_area
    box = None
    if blobs:
        x, y, bw, bh = (float(v) / k for v in max(blobs, key=lambda s: s[4])[:4])
        box = ((x, y), (x + bw, y), (x + bw, y + bh), (x, y + bh))
    return _check("glare", fraction <= settings.max_glare_fraction, fraction,
                  settings.max_glare_fraction, box=box)


def exposure_check(gray: np.ndarray, settings: QualitySettings) -> QualityCheck:
    """Too dark when even the paper is dark; too bright when even the ink is washed out."""
    # percentiles from the 256-bin histogram: a sort of every pixel costs ten times more
    cumulative = np.cumsum(cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel())
    paper = float(np.searchsorted(cumulative, 0.95 * cumulative[-1]))
    ink = float(np.searchsorted(cumulative, 0.005 * cumulative[-1]))
    if paper < settings.max_dark_level:
        return _check("exposure", False, paper, settings.max_dark_level, "too_dark")
    if ink > settings.min_bright_level:
        return _check("exposure", False, ink, settings.min_bright_level, "too_bright")
    return _check("exposure", True, float(gray.mean()), settings.max_dark_level)


def in_frame_check(shape: tuple, quad: imaging.DocumentQuad, settings: QualitySettings) -> QualityCheck:
    """Share of the document's outline lying on the frame edge: a cut-off page touches it.

    A frame with no outline found (a flat scan, a pre-cropped card) cannot be judged and passes.
    """
    if not quad.found:
        return _check("in_frame", True, 0.0, settings.max_edge_contact)
    h, w = shape[:2]
    margin = settings.edge_margin * max(h, w)
    touching, total, worst = 0.0, 0.0, None
    corners = quad.corners
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        # sample the side: points within the margin of any frame edge touch it
        pts = a + np.linspace(0, 1, 50)[:, None] * (b - a)
        near = (pts[:, 0] < margin) | (pts[:, 1] < margin) | (pts[:, 0] > w - 1 - margin) \
            | (pts[:, 1] > h - 1 - margin)
        length = float(np.linalg.norm(b - a))
        total += length
        touching += length * float(near.mean())
        if near.mean() > 0.5 and (worst is None or length > worst[0]):
            worst = (length, a, b)
    fraction = touching / max(total, 1.0)
    box = None
    if worst is not None:
        (x0, y0), (x1, y1) = np.minimum(worst[1], worst[2]), np.maximum(worst[1], worst[2])
        box = ((float(x0), float(y0)), (float(x1), float(y0)), (float(x1), float(y1)), (float(x0), float(y1)))
    return _check("in_frame", fraction <= settings.max_edge_contact, fraction,
                  settings.max_edge_contact, box=box)


def pixels_per_mm(quad: imaging.DocumentQuad) -> tuple[float, bool]:
    """Document pixels per millimetre and whether the outline is an ID card.

    The physical size is inferred from the outline: ID-1 proportion means a card (85.6 mm
    long side); anything else is taken as A4 or smaller (210 mm short side).
    """
    w, h = imaging.quad_size(quad.corners)
    if imaging.looks_like_id_card(w, h):
        return max(w, h) / imaging.ID_CARD_MM[0], True
    return min(w, h) / A4_SHORT_SIDE_MM, False


def presence_check(quad: imaging.DocumentQuad) -> QualityCheck:
    """Is there a document at all? No outline in view is an empty tray (or nothing like a page)."""
    return _check("document", quad.found, float(quad.found), 1.0)


def resolution_check(quad: imaging.DocumentQuad, settings: QualitySettings) -> QualityCheck:
    value, card = pixels_per_mm(quad)
    need = settings.min_px_per_mm_card if card else settings.min_px_per_mm_page
    return _check("resolution", value >= need, value, need)


def for_document(report: QualityReport, page_shape: tuple, doc_type: str,
                 settings: QualitySettings) -> QualityReport:
    """The report with resolution judged at the recognised type's real size.

    Before classification the size is guessed from the outline (card or A4); a 1-inch photo
    guessed as A4 would look far too coarse.
    """
    size = doctypes.SIZE_MM.get(doc_type)
    if size is None:
        return report
    px_per_mm = min(page_shape[:2]) / size[0]
    need = settings.min_px_per_mm_card if size[0] < 100 else settings.min_px_per_mm_page
    check = _check("resolution", px_per_mm >= need, px_per_mm, need)
    return QualityReport(tuple(check if c.code == "resolution" else c for c in report.checks))


@dataclass(frozen=True)
class PageView:
    """How the page read came from the camera frame: ``to_page`` (3×3) flattens the frame to a
    page of ``flat_size`` (w, h), which was then turned ``turn`` degrees clockwise into ``page``."""

    frame: np.ndarray
    to_page: np.ndarray
    flat_size: tuple[int, int]
    turn: int
    page: np.ndarray
    outline_found: bool = True   # False: the page is the whole frame, its size says nothing

    def carry(self, mask: np.ndarray) -> np.ndarray:
        """A frame-sized mask as it lies on the page (0 where the frame did not reach)."""
        return imaging.to_page(mask, self.to_page, self.flat_size, self.turn)

    def short_side(self) -> float:
        """The page's short side in camera pixels: a card flattened to its standard size has no
        more detail than the frame gave it."""
        w, h = self.flat_size
        corners = cv2.perspectiveTransform(np.float32([[[0, 0], [w, 0], [w, h], [0, h]]]),
                                           np.linalg.inv(self.to_page))[0]
        return min(min(imaging.quad_size(corners)), min(self.page.shape[:2]))


TEXT_HEIGHT = 24.0   # sharpness is measured with the page scaled so its text lines are this tall


def for_reading(report: QualityReport, view: PageView, doc_type: str, fields: dict[str, Field],
                result: OcrResult, settings: QualitySettings) -> QualityReport:
    """The report judged again on what was read: the checks that ask "can the fields be read?"
    look at the fields (their boxes on the page) and text lines, not at the frame as a whole.

    - in_frame: fails when a field (or, with a field missing, any text line) runs off the
      frame, or the outline touches the frame's edge and a field of the type is missing; a
      thumb or clutter at the edge no longer counts.
    - glare: fails when a field's box is blown out, or a field is missing under a blown-out spot.
    - sharpness: the Laplacian on the text lines, scaled to TEXT_HEIGHT.
    - resolution: the type's smallest print (ocr.doctypes.PRINT_MM) at its real size (SIZE_MM),
      and the height of the text lines read.
    Of an unknown page only resolution is judged again (on its lines). Boxes here are page pixels.
    """
    if doc_type not in doctypes.PRINT_MM:
        report = for_document(report, view.page.shape, doc_type, settings)
        before = {c.code: c for c in report.checks}
        if "resolution" in before and before["resolution"].ok and (result.lines or doc_type == doctypes.UNKNOWN):
            # no text read at all on an unknown page: too far away to find any (a photo has none)
            lines_check = _line_resolution(view, result, settings)
            return QualityReport(tuple(lines_check if c.code == "resolution" else c for c in report.checks))
        return report
    wanted = doctypes.FIELDS.get(doc_type, ())
    # A field filled in from another (gender from the ID number) was not read where it is printed.
    regions = [(n, f.box) for n, f in fields.items() if f.box is not None]
    missing = [n for n in wanted if n not in dict(regions) and n in doctypes.PRINTED.get(doc_type, ())]
    lines = [("text", line.box) for line in result.lines]
    before = {c.code: c for c in report.checks}
    judged = {
        "in_frame": _fields_in_frame(view, regions if not missing else regions + lines, missing,
                                     before.get("in_frame"), settings),
        "glare": _fields_glare(view, regions or lines, missing, settings),
        "sharpness": _text_sharpness(view.page, [b for _, b in (lines or regions)], settings),
        "resolution": _type_resolution(view, doc_type, result, settings),
    }
    return QualityReport(tuple(judged.get(c.code, c) for c in report.checks))


def _axis(box: Box, shape) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    h, w = shape[:2]
    return (max(0, int(min(xs))), max(0, int(min(ys))), min(w, int(np.ceil(max(xs))) + 1),
            min(h, int(np.ceil(max(ys))) + 1))


def _share(mask: np.ndarray, box: Box, *, outside: float = 0.0) -> float:
    """Mean of a 0/1 mask over ``box``; the part of the box off the page counts as ``outside``."""
    l, t, r, b = _axis(box, mask.shape)
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    full = max(1.0, (max(xs) - min(xs) + 1) * (max(ys) - min(ys) + 1))
    on_page = max(0, r - l) * max(0, b - t)
    inside = float(mask[t:b, l:r].sum()) if on_page else 0.0
    return (inside + outside * max(0.0, full - on_page)) / full


def _fields_in_frame(view: PageView, regions, missing, outline: QualityCheck | None,
                     settings: QualitySettings) -> QualityCheck:
    h, w = view.frame.shape[:2]
    m = max(1, round(settings.field_edge_margin * max(h, w)))
    seen = np.zeros((h, w), np.uint8)
    seen[m:h - m, m:w - m] = 1
    seen = view.carry(seen)
    worst, where, box = 1.0, "", None
    for name, region in regions:
        share = _share(seen, region)
        if share < worst:
            worst, where, box = share, name, region
    if worst < settings.min_field_inside:
        return _check("in_frame", False, worst, settings.min_field_inside, box=box, where=where)
    if missing and outline is not None and not outline.ok:
        return _check("in_frame", False, worst, settings.min_field_inside, box=outline.box, where=missing[0])
    return _check("in_frame", True, worst, settings.min_field_inside)


def _fields_glare(view: PageView, regions, missing, settings: QualitySettings) -> QualityCheck:
    gray = cv2.cvtColor(view.page, cv2.COLOR_BGR2GRAY)
    cumulative = np.cumsum(cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel())
    if np.searchsorted(cumulative, cumulative[-1] / 2) >= settings.glare_level - 5:
        return _check("glare", True, 0.0, settings.max_field_glare)   # paper itself clipped: see glare_check
    frame = view.frame
    blown = (cv2.min(cv2.min(frame[:, :, 0], frame[:, :, 1]), frame[:, :, 2]) >= settings.glare_level)
    blown = cv2.morphologyEx(blown.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    blown = view.carry(blown)
    worst, where, box = 0.0, "", None
    for name, region in regions:
        share = _share(blown, region)
        if share > worst:
            worst, where, box = share, name, region
    if worst > settings.max_field_glare:
        return _check("glare", False, worst, settings.max_field_glare, box=box, where=where)
    page_share = float(blown.mean())
    if missing and page_share > settings.min_glare_blob:
        return _check("glare", False, page_share, settings.max_field_glare, where=missing[0])
    return _check("glare", True, worst, settings.max_field_glare)


def text_sharpness(gray: np.ndarray, boxes) -> float:
    """Variance of the Laplacian over the text lines, the page scaled so lines are TEXT_HEIGHT tall.

    Judging on the lines makes the figure independent of how much blank paper a page has and
    of its resolution: blur is measured at the scale the recogniser reads at.
    """
    if not boxes:
        return sharpness(gray)
    heights = sorted(_axis(b, gray.shape)[3] - _axis(b, gray.shape)[1] for b in boxes)
    k = min(1.0, TEXT_HEIGHT / max(1, heights[len(heights) // 2]))
    small = cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_AREA) if k < 1 else gray
    lap = cv2.Laplacian(small, cv2.CV_64F)
    mask = np.zeros(small.shape, bool)
    for b in boxes:
        l, t, r, bt = _axis(tuple((x * k, y * k) for x, y in b), small.shape)
        mask[t:bt, l:r] = True
    return float(lap[mask].var()) if mask.any() else float(lap.var())


def _text_sharpness(page: np.ndarray, boxes, settings: QualitySettings) -> QualityCheck:
    value = text_sharpness(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), boxes)
    return _check("sharpness", value >= settings.min_text_sharpness, value, settings.min_text_sharpness)


def _type_resolution(view: PageView, doc_type: str, result: OcrResult, settings: QualitySettings) -> QualityCheck:
    """The type's smallest print at its real size, when the outline gives the size; and the
    text lines as read, which need no outline."""
    if view.outline_found:
        size = doctypes.SIZE_MM.get(doc_type, (A4_SHORT_SIDE_MM, 297.0))
        text_px = view.short_side() / size[0] * doctypes.PRINT_MM[doc_type]
        if text_px < settings.min_text_px:
            return _check("resolution", False, text_px, settings.min_text_px)
    return _line_resolution(view, result, settings)


def _line_resolution(view: PageView, result: OcrResult, settings: QualitySettings) -> QualityCheck:
    """Median height of the text lines read, in camera pixels (a card flattened to its standard
    size is scaled back to what the frame gave)."""
    heights = sorted(float(np.linalg.norm(np.subtract(line.box[3], line.box[0]))) for line in result.lines)
    if not heights:
        return _check("resolution", False, 0.0, settings.min_line_px)
    k = min(1.0, view.short_side() / max(1, min(view.page.shape[:2])))
    value = heights[len(heights) // 2] * k
    return _check("resolution", value >= settings.min_line_px, value, settings.min_line_px)


class StabilityTracker:
    """Tells when the document has stopped moving, from consecutive preview frames.

    Frames are compared as 160 px wide blurred grey thumbnails (mean absolute difference),
    so sensor noise does not count as motion. ``update`` returns a "stability" check that
    passes after ``settings.still_frames`` still frames in a row; the kiosk captures when
    it passes and ``assess`` of the same frame passes too. Not thread-safe: one per camera.
    """

    def __init__(self, settings: QualitySettings | None = None):
        self.settings = settings or QualitySettings()
        self._previous: np.ndarray | None = None
        self._still = 0

    def reset(self) -> None:
        """Forget the history (after a capture, or when a new page is laid down)."""
        self._previous, self._still = None, 0

    def update(self, frame: np.ndarray) -> QualityCheck:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
        h, w = gray.shape
        thumb = cv2.GaussianBlur(cv2.resize(gray, (160, max(1, round(160 * h / w))),
                                            interpolation=cv2.INTER_AREA), (3, 3), 0).astype(np.int16)
        if self._previous is None or self._previous.shape != thumb.shape:
            change = float("inf")
        else:
            change = float(np.abs(thumb - self._previous).mean())
        self._previous = thumb
        self._still = self._still + 1 if change <= self.settings.still_difference else 0
        ok = self._still >= self.settings.still_frames
        return _check("stability", ok, min(change, 255.0), self.settings.still_difference)
