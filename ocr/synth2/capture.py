"""Camera captures of a flat document: a document camera (高拍仪) or a phone over a table.

``photograph(flat, rng, setting, defect)`` places the document in a camera frame and returns
the JPEG bytes a camera would upload. Settings:
- ``gaopaiyi``: the document on the camera's plain plate under its fixed light, nearly square
  to the lens; little shading, mild vignetting.
- ``table``: the document on a textured table among clutter (papers, a pen, a phone), a
  3-D pose up to ~12°, cast shadows, uneven light and vignetting, sometimes a thumb on a
  card's edge, moiré, a white-balance cast.
Both go through sensor noise, an ISP-like denoise and sharpen, and JPEG quality 50–82.
Defects make captures a reader must refuse: ``cut`` (the frame's edge runs through the ID
number or the last field), ``motion`` (heavy motion blur), ``glare`` (a blown-out spot over
a field), ``small`` (the document so far away that its print is 5–8 px tall).
"""
from __future__ import annotations

import math
import random

import cv2
import numpy as np

from ocr.synth2.documents import Flat

SETTINGS = ("gaopaiyi", "table")
DEFECTS = ("cut", "motion", "glare", "small")


def _np(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**32))


def _table(rng: random.Random, w: int, h: int) -> np.ndarray:
    """Wood grain, laminate speckle or fabric weave."""
    g = _np(rng)
    kind = rng.choice(("wood", "laminate", "fabric"))
    base = np.array(rng.choice(((70, 110, 150), (150, 150, 145), (60, 60, 70), (180, 170, 150), (40, 80, 60))),
                    np.float32)
    if kind == "wood":
        x = np.linspace(0, rng.uniform(40, 90), w)[None, :] + g.normal(0, 0.8, (h, 1)).cumsum(0) * 0.05
        tex = np.sin(x + 2 * np.sin(np.linspace(0, 6, h))[:, None]) * 14
    elif kind == "laminate":
        tex = cv2.GaussianBlur(g.normal(0, 18, (h, w)).astype(np.float32), (0, 0), 1.2)
    else:
        yy, xx = np.mgrid[0:h, 0:w]
        period = rng.uniform(5, 9)
        tex = (np.sin(xx / period) * np.sin(yy / period) * 10).astype(np.float32) + g.normal(0, 4, (h, w))
    out = base[None, None, :] + tex[..., None].astype(np.float32)
    return np.clip(out, 0, 255).astype(np.float32)


def _clutter(scene: np.ndarray, rng: random.Random, keep_out: np.ndarray) -> None:
    """Papers, a pen and a phone on the table, never over the document (``keep_out`` mask)."""
    h, w = scene.shape[:2]
    for _ in range(rng.randint(2, 5)):
        layer = np.zeros((h, w), np.uint8)
        kind = rng.choice(("paper", "pen", "phone", "cup"))
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        if kind == "paper":
            pw, ph = rng.uniform(0.2, 0.45) * w, rng.uniform(0.2, 0.45) * h
            box = cv2.boxPoints(((cx, cy), (pw, ph), rng.uniform(0, 90))).astype(np.int32)
            cv2.fillConvexPoly(layer, box, 255)
            colour = (rng.randint(200, 245),) * 3
        elif kind == "pen":
            a = rng.uniform(0, math.pi)
            d = rng.uniform(0.1, 0.2) * w
            cv2.line(layer, (int(cx - d * math.cos(a)), int(cy - d * math.sin(a))),
                     (int(cx + d * math.cos(a)), int(cy + d * math.sin(a))), 255, max(4, w // 200))
            colour = rng.choice(((30, 30, 160), (160, 60, 20), (20, 20, 20)))
        elif kind == "phone":
            box = cv2.boxPoints(((cx, cy), (0.09 * w, 0.18 * w), rng.uniform(0, 90))).astype(np.int32)
            cv2.fillConvexPoly(layer, box, 255)
            colour = (25, 25, 30)
        else:
            cv2.circle(layer, (int(cx), int(cy)), int(0.07 * w), 255, -1)
            colour = (rng.randint(180, 240), rng.randint(180, 240), rng.randint(180, 240))
        layer[keep_out > 0] = 0
        scene[layer > 0] = colour
        if kind == "paper":   # a few grey lines of print on it
            ys, xs = np.nonzero(layer)
            if len(ys):
                for row in range(int(ys.min()) + 20, int(ys.max()) - 10, max(12, h // 60)):
                    seg = np.zeros_like(layer)
                    cv2.line(seg, (int(xs.min()) + 20, row), (int(xs.max()) - 20, row), 255, 2)
                    scene[(seg > 0) & (layer > 0)] = (120, 120, 120)


def _pose(w: float, h: float, rng: random.Random, tilt: float, spin: float):
    """Corners of a w × h document seen by a pinhole camera under tilt (3-D) and spin (in plane)."""
    ax, ay = math.radians(rng.uniform(-tilt, tilt)), math.radians(rng.uniform(-tilt, tilt))
    az = math.radians(rng.uniform(-spin, spin))
    pts = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]], float)
    rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    rz = np.array([[math.cos(az), -math.sin(az), 0], [math.sin(az), math.cos(az), 0], [0, 0, 1]])
    pts = pts @ (rz @ ry @ rx).T
    distance = 1.6 * max(w, h)     # a phone ~1.6 document-lengths away: visible keystone
    z = distance + pts[:, 2]
    return np.stack([pts[:, 0] * distance / z, pts[:, 1] * distance / z], 1)


def _light(shape, rng: random.Random, strength: float) -> np.ndarray:
    h, w = shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(-0.3, 1.3) * w, rng.uniform(-0.3, 1.3) * h
    falloff = np.hypot(xx - cx, yy - cy) / np.hypot(w, h)
    vignette = np.hypot(xx / w - 0.5, yy / h - 0.5) ** 2
    return (1.0 - strength * falloff - rng.uniform(0.15, 0.4) * vignette * (strength > 0.1)).astype(np.float32)


def _shadow(shape, rng: random.Random) -> np.ndarray:
    """A soft cast shadow (an arm, the phone) over part of the frame."""
    h, w = shape[:2]
    mask = np.zeros((h, w), np.float32)
    side = rng.choice("ltrb")
    depth = rng.uniform(0.15, 0.35)
    poly = {"l": [(0, 0), (depth * w, 0), (depth * w * 0.6, h), (0, h)],
            "r": [(w, 0), (w * (1 - depth), 0), (w * (1 - depth * 0.5), h), (w, h)],
            "t": [(0, 0), (w, 0), (w, depth * h * 0.7), (0, depth * h)],
            "b": [(0, h), (w, h), (w, h * (1 - depth)), (0, h * (1 - depth * 0.6))]}[side]
    cv2.fillPoly(mask, [np.int32(poly)], 1.0)
    mask = cv2.GaussianBlur(mask, (0, 0), 0.03 * max(h, w))
    return 1.0 - rng.uniform(0.2, 0.4) * mask


def _thumb(scene: np.ndarray, corners: np.ndarray, rng: random.Random) -> None:
    """A thumb over the document's left or right edge, halfway down, where cards carry no field."""
    i = rng.choice((0, 1))
    a, b = (corners[0], corners[3]) if i == 0 else (corners[1], corners[2])
    t = rng.uniform(0.55, 0.8)
    p = a + t * (b - a)
    edge = b - a
    length = float(np.linalg.norm(edge))
    angle = math.degrees(math.atan2(edge[1], edge[0]))
    outward = np.array([-edge[1], edge[0]]) / max(length, 1) * (1 if i == 0 else -1)
    centre = p + outward * 0.1 * length
    mask = np.zeros(scene.shape[:2], np.float32)
    cv2.ellipse(mask, (int(centre[0]), int(centre[1])), (int(0.2 * length), int(0.12 * length)), angle, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), 3)[..., None]
    skin = np.array((rng.randint(120, 160), rng.randint(150, 180), rng.randint(190, 225)), np.float32)
    scene[:] = scene * (1 - mask) + skin * mask


def _glare(scene: np.ndarray, centre, radius: float, strength: float) -> None:
    mask = np.zeros(scene.shape[:2], np.float32)
    cv2.circle(mask, (int(centre[0]), int(centre[1])), int(radius), 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), radius * 0.5)[..., None] * strength
    scene[:] = scene + (300 - scene) * np.clip(mask, 0, 1)


def _isp(scene: np.ndarray, rng: random.Random, moire: bool) -> np.ndarray:
    g = _np(rng)
    h, w = scene.shape[:2]
    if moire:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        f1, f2, a = rng.uniform(0.9, 1.2), rng.uniform(0.9, 1.2), rng.uniform(0.2, 0.6)
        scene = scene * (1 + 0.035 * np.sin(xx * f1 * math.cos(a) + yy * f2 * math.sin(a)) *
                         np.sin(xx * 0.97 * f1))[..., None]
    gains = np.array([rng.uniform(0.88, 1.1), 1.0, rng.uniform(0.88, 1.12)], np.float32)   # white balance
    scene = scene * gains
    scene = scene + g.normal(0, rng.uniform(2.5, 6.0), scene.shape).astype(np.float32)
    image = np.clip(scene, 0, 255).astype(np.uint8)
    image = cv2.bilateralFilter(image, 5, rng.uniform(18, 32), 4)             # denoise
    soft = cv2.GaussianBlur(image, (0, 0), 1.2)
    return cv2.addWeighted(image, 1.5, soft, -0.5, 0)                         # sharpen


def photograph(flat: Flat, rng: random.Random, setting: str, defect: str | None = None) -> tuple[bytes, dict]:
    """JPEG bytes of ``flat`` captured in ``setting`` with ``defect`` (None: a good capture),
    and what was done (pose, scale, JPEG quality, …) for the record."""
    card = flat.mm[0] < 100
    frame_w, frame_h = (1600, 1200) if card else (2400, 1800)
    if setting == "gaopaiyi":
        fill = rng.uniform(0.5, 0.66) if card else rng.uniform(0.8, 0.9)
        tilt, spin = 1.0, 4.0
    else:
        fill = rng.uniform(0.45, 0.72) if card else rng.uniform(0.72, 0.86)
        tilt, spin = 12.0, 10.0
    fh, fw = flat.image.shape[:2]
    if defect == "small":   # 1.8–2.6 px/mm: print 3 mm tall is 5–8 px, too few to read
        fill = rng.uniform(1.8, 2.6) * flat.mm[0] / frame_w
    scale = fill * frame_w / fw
    quad = _pose(fw * scale, fh * scale, rng, tilt, spin)
    span = quad.max(0) - quad.min(0)
    margin = np.array([frame_w, frame_h]) - span
    offset = -quad.min(0) + np.array([rng.uniform(0.2, 0.8) * max(margin[0], 0), rng.uniform(0.2, 0.8) * max(margin[1], 0)])
    quad = quad + offset
    if defect == "cut":
        # slide the document down until the frame's bottom edge runs through its lowest field
        key = "id_number" if "id_number" in flat.regions and card else max(flat.regions, key=lambda k: flat.regions[k][3])
        l, t, r, b = flat.regions[key]
        matrix0 = cv2.getPerspectiveTransform(np.float32([[0, 0], [fw, 0], [fw, fh], [0, fh]]), np.float32(quad))
        mid = cv2.perspectiveTransform(np.float32([[[(l + r) / 2, (t + b) / 2]]]), matrix0)[0, 0]
        quad = quad + np.array([0, frame_h - mid[1] + rng.uniform(-0.1, 0.25) * (b - t) * scale])
    src = np.float32([[0, 0], [fw, 0], [fw, fh], [0, fh]])
    matrix = cv2.getPerspectiveTransform(src, np.float32(quad))
    if setting == "gaopaiyi":
        plate = np.array(rng.choice(((35, 35, 38), (20, 20, 22), (60, 62, 66))), np.float32)
        scene = np.empty((frame_h, frame_w, 3), np.float32)
        scene[:] = plate
    else:
        scene = _table(rng, frame_w, frame_h)
    inside = cv2.warpPerspective(np.ones((fh, fw), np.float32), matrix, (frame_w, frame_h))
    if setting == "table":
        _clutter(scene, rng, cv2.dilate((inside > 0).astype(np.uint8), np.ones((25, 25), np.uint8)))
    warped = cv2.warpPerspective(flat.image.astype(np.float32), matrix, (frame_w, frame_h), flags=cv2.INTER_AREA
                                 if scale < 1 else cv2.INTER_LINEAR)
    # a soft contact shadow under the document's edge
    drop = cv2.GaussianBlur(np.roll(inside, (6, 6), (0, 1)), (0, 0), 6)
    scene *= (1 - 0.35 * drop)[..., None]
    scene = scene * (1 - inside[..., None]) + warped * inside[..., None]
    thumb = setting == "table" and card and rng.random() < 0.4
    if thumb:
        _thumb(scene, quad, rng)
    if setting == "table":
        scene *= _light(scene.shape, rng, rng.uniform(0.2, 0.45))[..., None]
        if rng.random() < 0.5:
            scene *= _shadow(scene.shape, rng)[..., None]
    else:
        scene *= _light(scene.shape, rng, 0.06)[..., None]
    if defect == "glare":
        key = rng.choice(sorted(flat.regions))
        l, t, r, b = flat.regions[key]
        centre = cv2.perspectiveTransform(np.float32([[[(l + r) / 2, (t + b) / 2]]]), matrix)[0, 0]
        radius = max(0.6 * (b - t) * scale, 0.06 * fw * scale if card else 0.035 * fw * scale)
        _glare(scene, centre, radius, 1.0)
    elif setting == "table" and rng.random() < 0.3:
        # harmless glare: a soft spot off the text, on the card's portrait or the page margin
        corner = quad[rng.choice((1, 2))] * 0.8 + quad.mean(0) * 0.2
        _glare(scene, corner, 0.04 * fw * scale, 0.55)
    if defect == "motion":
        length = int(rng.uniform(0.03, 0.05) * fw * scale)
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        scene = cv2.filter2D(scene, -1, kernel / max(kernel.sum(), 1e-6))
    image = _isp(scene, rng, moire=setting == "table" and rng.random() < 0.3)
    quality = rng.randint(50, 82)
    data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()
    return data, {"setting": setting, "defect": defect, "jpeg": quality, "px_per_mm": round(scale * fw / flat.mm[0], 2),
                  "thumb": thumb, "corners": np.round(quad, 1).tolist()}
