"""Frame helpers for the camera tests: wait for a frame, make a card, measure a frame."""
import time

import cv2
import numpy as np


def frame_where(camera, predicate, timeout: float = 10.0) -> np.ndarray:
    """The first new frame for which ``predicate(image)`` holds; fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    seen = camera.frame_count
    while time.monotonic() < deadline:
        frame = camera.wait_frame(seen, timeout=deadline - time.monotonic())
        seen = frame.number
        if predicate(frame.image):
            return frame.image
    raise AssertionError("no frame matched")


def card(colour=(200, 60, 20), size=(300, 480)) -> np.ndarray:
    """A plain coloured card with some printed text, to place under the camera."""
    image = np.full((*size, 3), colour, np.uint8)
    cv2.putText(image, "3301 TEST", (30, size[0] // 2), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 5)
    return image


def centre(image: np.ndarray) -> np.ndarray:
    """Mean BGR of a patch inside the card, above its text."""
    height, width = image.shape[:2]
    y, x = int(height * 0.35), int(width * 0.3)
    return image[y - 10:y + 10, x - 10:x + 10].reshape(-1, 3).mean(axis=0)


def sharpness(image: np.ndarray) -> float:
    return float(cv2.Laplacian(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())
