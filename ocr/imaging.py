"""From uploaded bytes to an upright, flat page: decoding, document finding, rectification,
orientation and deskew. OpenCV does the pixel work; Pillow reads the file header first so a
decompression bomb is refused before any pixel is decoded.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr.types import UnreadableImage

ID_CARD_MM = (85.6, 54.0)         # ISO/IEC 7810 ID-1, the resident ID card's format
ID_CARD_PX = (856, 540)           # rectified card size: 10 px/mm, what the card layout uses
DEFAULT_MAX_PIXELS = 40_000_000   # a 40 MP camera frame; anything larger is refused unread
# The longest side reading needs: an A4 page at 300 dpi, an ID card over a quarter of the frame at
# 10 px/mm. More pixels only cost memory (a 40 MP frame is 120 MB per copy) and time.
READ_MAX_SIDE = 3508
_RESAMPLED = ("L", "RGB", "RGBA", "LA", "CMYK", "YCbCr")   # modes Pillow reduces well; the rest is reduced after

_CITIZEN_RETAKE = "无法读取该图片，请重新拍摄。"


# ---------------------------------------------------------------- decoding

def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, max_side: int = READ_MAX_SIDE) -> np.ndarray:
    """Decode image bytes (JPEG, PNG, TIFF, BMP, WebP…) to a BGR uint8 array, EXIF-upright,
    no side longer than ``max_side``.

    A JPEG is decoded straight at a reduced scale (libjpeg's DCT scaling, 1/2 to 1/8), so a
    large frame is never held at full size; other formats are reduced right after decoding.
    Raises UnreadableImage for empty, non-image, corrupt or truncated data and for images
    whose header claims more than ``max_pixels`` pixels.
    """
    if not data:
        raise UnreadableImage("empty upload (0 bytes)", citizen_message="没有收到图片，请重新拍摄。")
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise UnreadableImage(
                    f"image header claims {width}×{height} px, over the {max_pixels} px limit",
                    citizen_message="图片过大，请重新拍摄。")
            if max(width, height) > max_side and img.mode in _RESAMPLED:
                # Reduced before any copy is made; a JPEG is even decoded at the reduced scale.
                k = max_side / max(width, height)
                img.draft(None, (round(width * k), round(height * k)))
                img.thumbnail((max_side, max_side), Image.Resampling.BOX, reducing_gap=None)
            img.load()
            img = ImageOps.exif_transpose(img)
            rgb = _to_rgb(img)
            del img
    except UnreadableImage:
        raise
    except Image.DecompressionBombError as exc:
        raise UnreadableImage(f"decompression bomb: {exc}", citizen_message="图片过大，请重新拍摄。") from exc
    except UnidentifiedImageError as exc:
        raise UnreadableImage("not an image file", citizen_message="上传的文件不是图片，请重新拍摄。") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow reports truncated and corrupt streams as OSError/SyntaxError/ValueError.
        raise UnreadableImage(f"corrupt or truncated image: {exc}", citizen_message=_CITIZEN_RETAKE) from exc
    if min(rgb.shape[:2]) < 8:
        raise UnreadableImage(f"image too small: {rgb.shape[1]}×{rgb.shape[0]}", citizen_message=_CITIZEN_RETAKE)
    return cv2.cvtColor(_downscale(rgb, max_side), cv2.COLOR_RGB2BGR)


def _to_rgb(img: Image.Image) -> np.ndarray:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    elif img.mode in ("I;16", "I;16B", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        span = max(float(arr.max() - arr.min()), 1.0)
        img = Image.fromarray(((arr - arr.min()) * 255 / span).astype(np.uint8))
    return np.ascontiguousarray(np.asarray(img.convert("RGB")))


# ---------------------------------------------------------------- finding the document

@dataclass(frozen=True)
class DocumentQuad:
    """Where the document lies in the frame: four corners TL, TR, BR, BL (frame pixels)."""

    corners: np.ndarray          # float32, 4×2
    found: bool                  # False: no outline found, the whole frame is taken as the page


def find_document(image: np.ndarray, *, min_area: float = 0.03, work_width: int = 640) -> DocumentQuad:
    """Find the document's outline (page or card) in a camera frame.

    Works on a downscaled copy: edges (Canny on brightness and redness) closed into outlines,
    and an Otsu brightness mask either way round (a light page on a dark desk, a dark cover
    on a light one). Of the convex four-sided outlines covering at least ``min_area`` of the
    frame, the largest one whose inside differs from its outside and that has the text
    inside it wins: a table or frame printed on the page has paper on both sides of its
    border, a photo on the page has text around it; a page on a desk has neither. With
    none, the whole frame is the page (a flat scan, a pre-cropped image).
    """
    h, w = image.shape[:2]
    scale = min(1.0, work_width / w)
    small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) \
        if scale < 1 else image
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    sh, sw = gray.shape
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB)
    # Edges in brightness and in the red–green axis: a red cover or a red-backed photo can
    # be as bright as a wooden desk and differ from it only in colour.
    redness = cv2.GaussianBlur(lab[:, :, 1], (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(gray, 40, 120) | cv2.Canny(redness, 20, 60), np.ones((3, 3), np.uint8))
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    candidates = []
    # dark covers (household register, passport) on a lighter desk are the inverse mask's
    for mask, mode in ((edges, cv2.RETR_LIST), (bright, cv2.RETR_EXTERNAL),
                       (cv2.bitwise_not(bright), cv2.RETR_EXTERNAL)):
        contours, _ = cv2.findContours(mask, mode, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            quad = _as_quad(contour)
            if quad is None:
                continue
            area = cv2.contourArea(quad)
            # a quad that is the frame itself (edges along the whole border) is no find
            if min_area * sw * sh < area < 0.985 * sw * sh:
                candidates.append((area, quad))
    if not candidates:
        return _whole_frame(w, h)
    lines = None
    for _, quad in sorted(candidates, key=lambda c: c[0], reverse=True)[:8]:
        if not _stands_out(lab, quad):
            continue
        if lines is None:   # found once, and only when some outline stands out
            lines = [(x + bw / 2, y + bh / 2) for x, y, bw, bh in text_line_boxes(small, min_height=4)]
        if not _text_outside(quad, lines):
            corners = order_corners(quad.reshape(4, 2).astype(np.float32) / scale)
            return DocumentQuad(corners, True)
    return _whole_frame(w, h)


def _whole_frame(w: int, h: int) -> DocumentQuad:
    return DocumentQuad(np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]), False)


def _text_outside(quad: np.ndarray, line_centres: list[tuple[float, float]]) -> bool:
    # A photo or stamp box printed on a page has the page's text lines around it; a document
    # on a desk has its text inside its outline.
    contour = quad.reshape(4, 1, 2).astype(np.float32)
    outside = sum(cv2.pointPolygonTest(contour, c, False) < 0 for c in line_centres)
    return outside > max(2, 0.3 * (len(line_centres) - outside))


def _stands_out(lab: np.ndarray, quad: np.ndarray, *, min_difference: float = 18.0) -> bool:
    # Median colour (CIELAB) of a band just inside the outline against a band just outside.
    inside = np.zeros(lab.shape[:2], np.uint8)
    cv2.fillConvexPoly(inside, quad.reshape(4, 2).astype(np.int32), 255)
    band = np.ones((2 * max(3, round(0.02 * max(lab.shape[:2]))) + 1,) * 2, np.uint8)
    outer = cv2.subtract(cv2.dilate(inside, band), inside) > 0
    inner = cv2.subtract(inside, cv2.erode(inside, band)) > 0
    if outer.sum() < 50:
        return True   # the outline runs along the frame's edge all round: nothing to compare
    difference = np.median(lab[outer], axis=0) - np.median(lab[inner], axis=0)
    return float(np.linalg.norm(difference)) >= min_difference


def _as_quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    if peri < 80:
        return None
    approx = cv2.approxPolyDP(hull, 0.02 * peri, True)
    if len(approx) == 4 and cv2.isContourConvex(approx):
        return approx
    if 4 < len(approx) <= 8:
        # rounded card corners or a shadowed edge: the hull's min-area rectangle is close
        rect = cv2.boxPoints(cv2.minAreaRect(hull))
        if cv2.contourArea(hull) > 0.9 * cv2.contourArea(rect):
            return rect.reshape(4, 1, 2).astype(np.int32)
    return None


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Order four points clockwise from top-left (TL, TR, BR, BL)."""
    pts = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    center = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - center[1], pts[:, 0] - center[0])
    pts = pts[np.argsort(angles)]           # clockwise in image coordinates, starting anywhere
    start = int(np.argmin(pts.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(pts, -start, axis=0)


# ---------------------------------------------------------------- rectification

def quad_size(corners: np.ndarray) -> tuple[float, float]:
    """Width and height of the flattened quad (the longer of each pair of opposite edges)."""
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    return float(width), float(height)


def rectify_transform(corners: np.ndarray, size: tuple[int, int] | None = None) -> tuple[np.ndarray, tuple[int, int]]:
    """The 3×3 perspective matrix flattening ``corners`` and the (w, h) of the flat page.

    ``size`` fixes the output size; by default it keeps the quad's own edge lengths.
    """
    if size is None:
        w, h = quad_size(corners)
        size = (max(8, round(w)), max(8, round(h)))
    dst = np.float32([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]])
    return cv2.getPerspectiveTransform(np.asarray(corners, np.float32), dst), size


def rectify(image: np.ndarray, corners: np.ndarray, size: tuple[int, int] | None = None) -> np.ndarray:
    """Flatten the quad ``corners`` to a rectangle by perspective transform (see rectify_transform)."""
    matrix, size = rectify_transform(corners, size)
    return cv2.warpPerspective(image, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def to_page(mask: np.ndarray, matrix: np.ndarray, size: tuple[int, int], turn: int) -> np.ndarray:
    """A frame-sized mask carried onto the page: flattened by ``matrix`` to ``size``, turned by ``turn``°.

    Outside the frame the page gets 0, so a mask of the whole frame says which page pixels
    the camera saw.
    """
    flat = cv2.warpPerspective(mask, matrix, size, flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=0)
    return rotate_quarter(flat, turn)


def looks_like_id_card(width: float, height: float, tolerance: float = 0.08) -> bool:
    """Whether a width × height outline has the ID-1 card's 85.6 : 54 proportion (either way up)."""
    ratio = max(width, height) / max(1.0, min(width, height))
    return abs(ratio / (ID_CARD_MM[0] / ID_CARD_MM[1]) - 1) <= tolerance


def card_corners(corners: np.ndarray) -> np.ndarray:
    """A card outline started at the corner that makes the card lie landscape."""
    w, h = quad_size(corners)
    return np.roll(corners, -1, axis=0) if h > w else corners


def crop_id_card(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Rectify a card outline to the standard 856 × 540 px (landscape) card image."""
    return rectify(image, card_corners(corners), ID_CARD_PX)


# ---------------------------------------------------------------- text lines, orientation, skew

def text_line_boxes(image: np.ndarray | None, *, min_height: int = 8, max_height: int | None = None,
                    vertical: bool = False, join: int | None = None, min_aspect: float = 2.5,
                    ink: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """Cheap text-line finder: dark strokes smeared along the reading direction.

    Returns (x, y, w, h) boxes of blobs at least ``min_aspect`` times longer than thick.
    ``join`` is the widest gap (px) bridged between characters of one line; ``ink`` the
    image's ink_mask when already made. Used to decide orientation and skew and, on a
    rectified card, as the line layout of the fast path.
    """
    if ink is None:
        ink = ink_mask(image)
    h, w = ink.shape
    max_height = max_height or max(min_height + 1, h // 6)
    # Smear characters into lines: wide enough to bridge the gap between CJK characters.
    span = join or max(9, (h if vertical else w) // 60)
    kernel = (span, 3) if not vertical else (3, span)
    smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    count, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
    boxes = []
    for x, y, bw, bh, area in stats[1:count]:
        thick, long = (bh, bw) if not vertical else (bw, bh)
        if min_height <= thick <= max_height and long >= min_aspect * thick and area >= 0.25 * bw * bh:
            boxes.append((int(x), int(y), int(bw), int(bh)))
    return boxes


def ink_mask(image: np.ndarray) -> np.ndarray:
    """Dark strokes (text, handwriting) of a BGR or grey image as a 0/255 mask."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    # Black-hat keeps strokes darker than their surroundings (text) and drops slow shading,
    # so uneven light and a pale background pattern do not count as ink.
    k = max(15, min(gray.shape) // 25) | 1
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    _, ink = cv2.threshold(blackhat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Otsu on a nearly blank page splits noise; demand real contrast.
    ink[blackhat < 30] = 0
    return ink


def rotate_quarter(image: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate clockwise by 0, 90, 180 or 270 degrees."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    degrees %= 360
    return image if degrees == 0 else cv2.rotate(image, codes[degrees])


ORIENTATION_SIDE = 900   # orientation cues are read on a copy this long: lines stay ≥ 8 px


def lines_run_vertically(image: np.ndarray) -> bool:
    """True when the page's text lines run top-to-bottom (page turned by 90° or 270°)."""
    return _runs_vertically(ink_mask(_downscale(image, ORIENTATION_SIDE)))


def _runs_vertically(ink: np.ndarray) -> bool:
    horizontal = sum(w for _, _, w, _ in text_line_boxes(None, ink=ink))
    vertical = sum(h for _, _, _, h in text_line_boxes(None, ink=ink, vertical=True))
    return vertical > 1.5 * horizontal


def upright_rotation(image: np.ndarray, engine=None, *, samples: int = 2, max_aspect: float = 10.0) -> int:
    """Clockwise rotation (0, 90, 180, 270) that makes the page's text upright.

    Line direction decides between the 0/180 and 90/270 pairs (cheap pixel cue); within a
    pair the recognition model decides: the ``samples`` longest lines, cut to ``max_aspect``
    times their height (ten characters tell orientation as well as a whole line), are read
    both ways up in one call, and the way with the higher confidence wins (upside-down CJK
    reads with markedly lower scores). Without an engine only the pair is decided.
    """
    ink = ink_mask(_downscale(image, ORIENTATION_SIDE))
    base = 90 if _runs_vertically(ink) else 0
    if engine is None:
        return base
    turned, turned_ink = rotate_quarter(image, base), rotate_quarter(ink, base)
    k = turned.shape[1] / turned_ink.shape[1]
    boxes = sorted(text_line_boxes(None, ink=turned_ink), key=lambda b: b[2], reverse=True)[:samples]
    crops = [crop_box(turned, (round(x * k), round(y * k), round(min(w, max_aspect * h) * k), round(h * k)))
             for x, y, w, h in boxes]
    if not crops:
        return base
    read = engine.recognize_lines(crops + [cv2.rotate(c, cv2.ROTATE_180) for c in crops])
    score = lambda res: sum(conf * max(1, len(text)) for text, conf in res)  # noqa: E731
    return base if score(read[:len(crops)]) >= score(read[len(crops):]) else (base + 180) % 360


def crop_box(image: np.ndarray, box: tuple[int, int, int, int], pad: float = 0.25) -> np.ndarray:
    """The (x, y, w, h) box cut from ``image`` with ``pad`` × its height added all round."""
    x, y, w, h = box
    p = round(h * pad)
    return image[max(0, y - p):y + h + p, max(0, x - p):x + w + p]


def skew_angle(image: np.ndarray, *, max_angle: float = 10.0) -> float:
    """Small skew of the text lines in degrees (positive = lines climb to the right)."""
    small = _downscale(image, 1000)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ink = ink_mask(gray)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, small.shape[1] // 60), 3))
    smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(smeared, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_, _), (rw, rh), angle = cv2.minAreaRect(contour)
        if rw < rh:
            rw, rh, angle = rh, rw, angle - 90
        if rh < 6 or rw < 5 * rh:
            continue
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= max_angle:
            angles.append(-angle)
            weights.append(rw)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])  # weighted median


def deskew(image: np.ndarray, *, min_angle: float = 0.4, max_angle: float = 10.0) -> tuple[np.ndarray, float]:
    """Rotate away a small skew; returns the image and the angle corrected (0 when none)."""
    angle = skew_angle(image, max_angle=max_angle)
    if abs(angle) < min_angle:
        return image, 0.0
    h, w = image.shape[:2]
    return cv2.warpAffine(image, deskew_matrix(image.shape, angle)[:2], (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE), angle


def deskew_matrix(shape: tuple, angle: float) -> np.ndarray:
    """The 3×3 matrix of deskew's rotation by ``angle`` degrees about the image centre."""
    h, w = shape[:2]
    return np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0), [0, 0, 1]])


def _downscale(image: np.ndarray, max_side: int) -> np.ndarray:
    h, w = image.shape[:2]
    k = max_side / max(h, w)
    return image if k >= 1 else cv2.resize(image, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
