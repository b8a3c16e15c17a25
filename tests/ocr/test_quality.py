"""Capture-quality checks move the right way as blur, glare, darkness and cropping grow."""
import cv2
import numpy as np
import pytest

from ocr import imaging, quality
from ocr.quality import QualitySettings, StabilityTracker, assess
from tests.ocr import images


@pytest.fixture(scope="module")
def scene():
    frame, _ = images.desk_scene(images.id_card_front(), tilt=0.06, scale=0.7)
    return frame


def _check(report, code):
    return next(c for c in report.checks if c.code == code)


def test_a_good_capture_passes_every_check(scene):
    report = assess(scene)
    assert report.ok, report.failed()
    assert [c.code for c in report.checks] == ["sharpness", "glare", "exposure", "in_frame", "resolution"]
    assert all(c.instruction == "" for c in report.checks)


def test_sharpness_falls_as_blur_grows(scene):
    values = [_check(assess(cv2.GaussianBlur(scene, (0, 0), sigma) if sigma else scene), "sharpness").value
              for sigma in (0, 1, 2, 4)]
    assert values == sorted(values, reverse=True) and values[0] > 2 * values[-1]
    blurred = _check(assess(cv2.GaussianBlur(scene, (0, 0), 4)), "sharpness")
    assert not blurred.ok and blurred.instruction == "看不清材料上的文字，请放入要拍摄的材料，松手让它平放静止"
    assert blurred.instruction_en


def test_sharpness_is_measured_at_one_physical_scale(scene):
    quad = imaging.find_document(scene)
    page = cv2.cvtColor(imaging.rectify(scene, quad.corners), cv2.COLOR_BGR2GRAY)
    ppm, is_card = quality.pixels_per_mm(quad)
    assert is_card
    big = cv2.resize(page, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    assert quality.sharpness(big, 2 * ppm) == pytest.approx(quality.sharpness(page, ppm), rel=0.25)


def _with_glare(frame, radius):
    out = frame.astype(np.float32)
    h, w = frame.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    spot = np.exp(-((xx - w * 0.45) ** 2 + (yy - h * 0.45) ** 2) / (2 * radius ** 2))
    out += spot[..., None] * 600   # a specular highlight: saturates its middle
    return np.clip(out, 0, 255).astype(np.uint8)


def test_glare_grows_with_the_highlight_and_is_located(scene):
    values = [_check(assess(_with_glare(scene, r)), "glare").value for r in (5, 30, 60, 100)]
    assert values == sorted(values) and values[-1] > values[1] > 0
    check = _check(assess(_with_glare(scene, 60)), "glare")
    assert not check.ok and check.instruction == "请调整角度避开反光"
    (x0, y0), _, (x1, y1), _ = check.box
    h, w = scene.shape[:2]
    assert x0 < w * 0.45 < x1 and y0 < h * 0.45 < y1


def test_exposure_too_dark_and_too_bright(scene):
    dark = _check(assess((scene * 0.25).astype(np.uint8)), "exposure")
    assert not dark.ok and "太暗" in dark.instruction
    washed = cv2.addWeighted(scene, 0.2, np.full_like(scene, 255), 0.8, 0)
    bright = _check(assess(washed), "exposure")
    assert not bright.ok and "过亮" in bright.instruction
    assert _check(assess(scene), "exposure").ok


def test_in_frame_contact_grows_as_the_card_is_cut_off(scene):
    quad = imaging.find_document(scene)
    right = quad.corners[:, 0].max()
    values = []
    for cut in (0.0, 0.1, 0.3):
        x = int(right - cut * (right - quad.corners[:, 0].min())) + (40 if cut == 0 else 0)
        values.append(_check(assess(np.ascontiguousarray(scene[:, :x])), "in_frame"))
    assert values[0].ok and values[0].value == 0
    assert not values[1].ok and not values[2].ok
    assert values[2].value >= values[1].value > values[0].value
    assert values[2].instruction == "请将材料完整放入取景框内"
    (x0, _), _, (x1, _), _ = values[2].box
    assert x0 >= int(right - 0.3 * (right - quad.corners[:, 0].min())) - 30   # the cut edge


def test_resolution_falls_as_the_card_shrinks():
    card = images.id_card_front()
    values = []
    for scale in (0.7, 0.35, 0.2):
        frame, _ = images.desk_scene(card, tilt=0.0, scale=scale)
        values.append(_check(assess(frame), "resolution"))
    assert [c.value for c in values] == sorted((c.value for c in values), reverse=True)
    assert values[0].ok and not values[2].ok
    assert values[2].threshold == QualitySettings().min_px_per_mm_card


def test_thresholds_come_from_settings(scene):
    strict = QualitySettings(min_sharpness=1e9)
    assert not _check(assess(scene, settings=strict), "sharpness").ok


def test_stability_tracker_waits_for_still_frames(scene):
    tracker = StabilityTracker(QualitySettings(still_frames=3))
    rng = np.random.default_rng(0)
    moving = [np.roll(scene, 40 * i, axis=1) for i in range(4)]
    assert not any(tracker.update(f).ok for f in moving)
    results = []
    for _ in range(5):   # a still card with sensor noise; the first is compared with a moving one
        noisy = np.clip(scene + rng.normal(0, 3, scene.shape), 0, 255).astype(np.uint8)
        results.append(tracker.update(noisy))
    assert [r.ok for r in results] == [False, False, False, True, True]
    assert results[-1].value < 2 and results[0].instruction == "材料还在移动，请松手让它静止"
    assert not tracker.update(np.roll(scene, 60, axis=0)).ok   # moved again
    tracker.reset()
    assert not tracker.update(scene).ok


def test_resolution_is_judged_at_the_recognised_types_real_size():
    from ocr.quality import QualitySettings, for_document
    from ocr.types import QualityCheck, QualityReport

    guessed = QualityReport((QualityCheck("resolution", False, 1.4, 4.0, "太小"),))
    photo = for_document(guessed, (416, 298, 3), "photo_1inch", QualitySettings())
    assert photo.ok and photo.checks[0].value > 11          # 298 px over 25 mm
    tiny = for_document(guessed, (104, 75, 3), "photo_1inch", QualitySettings())
    assert not tiny.ok                                       # 3 px/mm is too coarse for a photo
    assert for_document(guessed, (416, 298, 3), "unknown", QualitySettings()) is guessed
