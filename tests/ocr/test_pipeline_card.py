"""The ID-card fast path: line layout by pixels, recognition only."""
import pytest

from ocr import idcard_layout, imaging
from ocr.engines import load_engine
from tests.ocr import images


@pytest.fixture(scope="module")
def card_result():
    frame, _ = images.desk_scene(images.id_card_front(), tilt=0.1, scale=0.7)
    card = imaging.crop_id_card(frame, imaging.find_document(frame).corners)
    return idcard_layout.read_card(card, load_engine("rapidocr"))


def test_card_lines_are_read_in_reading_order(card_result):
    texts = [line.text for line in card_result.lines]
    for expected in ("姓名", "张三", "性别", "男", "民族", "汉", "出生", "住址", "浙江省杭州市西湖区",
                     "文三路100号", "公民身份号码", images.ID_NUMBER):
        assert expected in texts
    order = [texts.index(t) for t in ("姓名", "张三", "性别", "出生", "住址", "公民身份号码", images.ID_NUMBER)]
    assert order == sorted(order)
    assert card_result.engine == "rapidocr+card-layout" and (card_result.width, card_result.height) == (856, 540)


def test_card_line_boxes_are_in_card_pixels(card_result):
    number = next(line for line in card_result.lines if line.text == images.ID_NUMBER)
    (x0, y0), _, (x1, y1), _ = number.box
    assert abs(x0 - 292) < 15 and abs(y0 - 446) < 15 and 640 < x1 < 720 and y1 < 500


def test_confidence_of_a_clean_card_is_high(card_result):
    assert idcard_layout.mean_confidence(card_result) > 0.95


def test_upside_down_card_reads_with_low_confidence():
    card = imaging.rotate_quarter(images.id_card_front(), 180)
    flipped = idcard_layout.read_card(card, load_engine("rapidocr"))
    assert idcard_layout.mean_confidence(flipped) < 0.9
    assert images.ID_NUMBER not in flipped.text
