"""Capture defects applied to a rendered page: what a document camera does to a clean print.

Each variant takes a BGR image and a seeded random source and returns a new BGR image. The text
stays legible to a person in every variant: they model ordinary captures, not unreadable ones.
"""
from __future__ import annotations

import random
from collections.abc import Callable

import cv2
import numpy as np


def blur(image: np.ndarray, rng: random.Random) -> np.ndarray:
    sigma = rng.uniform(1.0, 1.6)
    return cv2.GaussianBlur(image, (0, 0), sigma)


def jpeg(image: np.ndarray, rng: random.Random) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(30, 45)])
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def _background(image: np.ndarray) -> tuple[int, int, int]:
    return tuple(int(v) for v in np.median(image[:4].reshape(-1, 3), axis=0))


def rotate(image: np.ndarray, rng: random.Random) -> np.ndarray:
    angle = rng.choice((-1, 1)) * rng.uniform(2.0, 4.0)
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(w * cos + h * sin), int(w * sin + h * cos)
    matrix[0, 2] += (nw - w) / 2
    matrix[1, 2] += (nh - h) / 2
    return cv2.warpAffine(image, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=_background(image))


def perspective(image: np.ndarray, rng: random.Random) -> np.ndarray:
    h, w = image.shape[:2]
    d = 0.06
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[rng.uniform(0, d) * w, rng.uniform(0, d) * h], [w - rng.uniform(0, d) * w, rng.uniform(0, d) * h],
                      [w - rng.uniform(0, d) * w, h - rng.uniform(0, d) * h], [rng.uniform(0, d) * w, h - rng.uniform(0, d) * h]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, matrix, (w, h), borderValue=_background(image))


def uneven_light(image: np.ndarray, rng: random.Random) -> np.ndarray:
    h, w = image.shape[:2]
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    yy, xx = np.mgrid[0:h, 0:w]
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.hypot(w, h)
    gain = 1.05 - rng.uniform(0.45, 0.6) * dist
    return np.clip(image * gain[..., None], 0, 255).astype(np.uint8)


def glare(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """A soft specular spot from the overhead light, kept off the first text column."""
    h, w = image.shape[:2]
    mask = np.zeros((h, w), np.float32)
    center = (int(rng.uniform(0.55, 0.85) * w), int(rng.uniform(0.15, 0.85) * h))
    cv2.ellipse(mask, center, (int(w * 0.09), int(h * 0.06)), rng.uniform(0, 180), 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), min(h, w) * 0.04) * 0.75
    return np.clip(image + (255 - image) * mask[..., None], 0, 255).astype(np.uint8)


def crop(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """Part of the document out of frame: a strip of the border cut off one side."""
    h, w = image.shape[:2]
    side, cut = rng.choice("lrtb"), rng.uniform(0.02, 0.04)
    if side == "l":
        return image[:, int(w * cut):].copy()
    if side == "r":
        return image[:, :w - int(w * cut)].copy()
    if side == "t":
        return image[int(h * cut):].copy()
    return image[:h - int(h * cut)].copy()


def desk(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """The document lying on a wooden desk under the camera: slightly skewed, with a shadow."""
    h, w = image.shape[:2]
    frame_w, frame_h = int(w * 1.45), int(h * 1.45)
    wood = np.zeros((frame_h, frame_w, 3), np.float32)
    grain = np.sin(np.linspace(0, 60, frame_w)[None, :] + np.random.default_rng(rng.randrange(2**32))
                   .normal(0, 0.6, (frame_h, 1)))
    wood[:] = (60, 95, 140)
    wood += grain[..., None] * 12
    ox, oy = (frame_w - w) / 2 + rng.uniform(-0.05, 0.05) * w, (frame_h - h) / 2 + rng.uniform(-0.05, 0.05) * h
    j = 0.03
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[ox + rng.uniform(-j, j) * w, oy + rng.uniform(-j, j) * h],
                      [ox + w + rng.uniform(-j, j) * w, oy + rng.uniform(-j, j) * h],
                      [ox + w + rng.uniform(-j, j) * w, oy + h + rng.uniform(-j, j) * h],
                      [ox + rng.uniform(-j, j) * w, oy + h + rng.uniform(-j, j) * h]])
    shadow = np.zeros((frame_h, frame_w), np.float32)
    cv2.fillConvexPoly(shadow, (dst + 10).astype(np.int32), 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), 9)
    wood *= (1 - 0.5 * shadow)[..., None]
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(image, matrix, (frame_w, frame_h))
    inside = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (frame_w, frame_h))[..., None]
    out = wood * (1 - inside) + warped * inside
    return uneven_light(np.clip(out, 0, 255).astype(np.uint8), rng)


VARIANTS: dict[str, Callable[[np.ndarray, random.Random], np.ndarray]] = {
    "blur": blur, "jpeg": jpeg, "rotate": rotate, "perspective": perspective, "uneven_light": uneven_light,
    "glare": glare, "crop": crop, "desk": desk,
}
