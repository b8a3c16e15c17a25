"""Finding, flattening and turning pages upright."""
import cv2
import numpy as np
import pytest

from ocr import doctypes, imaging, synth
from ocr.engines import load_engine
from tests.ocr import images


@pytest.fixture(scope="module")
def card():
    return images.id_card_front()


@pytest.fixture(scope="module")
def page():
    return images.a4_page()


@pytest.mark.parametrize("tilt, scale, seed", [(0.0, 0.6, 1), (0.08, 0.75, 2), (0.15, 0.5, 3)])
def test_finds_the_card_on_a_desk(card, tilt, scale, seed):
    frame, corners = images.desk_scene(card, tilt=tilt, scale=scale, seed=seed)
    quad = imaging.find_document(frame)
    assert quad.found
    assert np.abs(quad.corners - corners).max() < 6


def test_rectified_perspective_card_recovers_the_id1_aspect_ratio(card):
    frame, _ = images.desk_scene(card, tilt=0.15, scale=0.7)
    quad = imaging.find_document(frame)
    w, h = imaging.quad_size(quad.corners)
    assert w / h != pytest.approx(85.6 / 54, rel=0.01)      # the camera distorted it
    assert imaging.looks_like_id_card(w, h)
    flat = imaging.crop_id_card(frame, quad.corners)
    assert flat.shape[:2] == (540, 856)
    assert flat.shape[1] / flat.shape[0] == pytest.approx(85.6 / 54, rel=0.01)
    # the flattened card matches the original print closely, not just in size
    assert np.abs(flat.astype(int) - card.astype(int)).mean() < 20


def test_card_seen_in_portrait_is_laid_landscape(card):
    frame, _ = images.desk_scene(np.ascontiguousarray(np.rot90(card)), tilt=0.05, scale=0.7)
    quad = imaging.find_document(frame)
    flat = imaging.crop_id_card(frame, quad.corners)
    assert flat.shape[:2] == (540, 856)


def test_an_a4_page_is_not_taken_for_a_card(page):
    frame, _ = images.desk_scene(page, scale=0.8, tilt=0.0)
    quad = imaging.find_document(frame)
    assert quad.found and not imaging.looks_like_id_card(*imaging.quad_size(quad.corners))
    w, h = imaging.quad_size(quad.corners)
    assert h / w == pytest.approx(297 / 210, rel=0.03)


def test_a_frame_with_no_outline_is_the_page_itself(card):
    quad = imaging.find_document(card)
    assert not quad.found
    assert imaging.quad_size(quad.corners) == pytest.approx((855, 539))


def test_corners_are_ordered_clockwise_from_top_left():
    shuffled = np.float32([[90, 80], [10, 12], [12, 85], [95, 10]])
    assert imaging.order_corners(shuffled).tolist() == [[10, 12], [95, 10], [90, 80], [12, 85]]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_line_direction_tells_quarter_turns(page, rotation):
    turned = imaging.rotate_quarter(page, rotation)
    assert imaging.lines_run_vertically(turned) == (rotation in (90, 270))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_upright_rotation_fixes_quarter_turns(page, rotation):
    turned = imaging.rotate_quarter(page, rotation)
    fix = imaging.upright_rotation(turned, load_engine("rapidocr"))
    assert (rotation + fix) % 360 == 0
    assert np.array_equal(imaging.rotate_quarter(turned, fix), page)


@pytest.mark.parametrize("angle", [-4.0, -1.5, 2.0, 6.0])
def test_deskew_measures_and_removes_small_skew(page, angle):
    h, w = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)   # cv2: positive = counter-clockwise
    skewed = cv2.warpAffine(page, matrix, (w, h), borderValue=(255, 255, 255))
    assert imaging.skew_angle(skewed) == pytest.approx(angle, abs=0.4)
    straight, corrected = imaging.deskew(skewed)
    assert corrected == pytest.approx(angle, abs=0.4)
    assert abs(imaging.skew_angle(straight)) < 0.4


def test_straight_page_is_left_alone(page):
    out, corrected = imaging.deskew(page)
    assert corrected == 0.0 and out is page


def test_text_lines_are_found_where_printed(card):
    boxes = imaging.text_line_boxes(card, min_height=14, max_height=64, join=24, min_aspect=0.6)
    # the 18-digit number is drawn at x=290, y≈438 with a 36 px font
    number = [b for b in boxes if b[1] > 420]
    assert any(abs(x - 292) < 8 and w > 350 for x, _, w, _ in number)


@pytest.mark.parametrize("doc_type", [doctypes.MARRIAGE_CERTIFICATE, doctypes.HUKOU_INDEX,
                                      doctypes.BUSINESS_LICENCE, doctypes.PASSPORT])
def test_photos_tables_and_frames_on_a_flat_page_are_not_taken_for_its_outline(doc_type):
    # a marriage certificate's photo, a household page's table, a licence's red frame
    assert not imaging.find_document(synth.render(doc_type, 1).image).found


@pytest.mark.parametrize("doc_type", [doctypes.HUKOU_COVER, doctypes.PHOTO_1INCH, doctypes.BUSINESS_LICENCE,
                                      doctypes.ID_CARD_BACK])
def test_documents_on_a_desk_are_found_whatever_their_colour(doc_type):
    # a dark red cover and a red-backed photo on wood; a framed licence; a pale card
    clean = synth.render(doc_type, 2).image
    quad = imaging.find_document(synth.render(doc_type, 2, "desk").image)
    assert quad.found
    w, h = imaging.quad_size(quad.corners)
    assert w / h == pytest.approx(clean.shape[1] / clean.shape[0], rel=0.08)
