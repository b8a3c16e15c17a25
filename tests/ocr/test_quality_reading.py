"""The capture checks judged on what was read: fields off the frame, glare over a field, print size."""
import numpy as np

from ocr import doctypes, quality
from ocr.quality import PageView, QualitySettings, for_reading
from ocr.types import Field, QualityCheck, QualityReport
from tests.ocr.samples_helpers import line, result

FIELDS = {"name": (100, 100), "gender": (100, 200), "ethnicity": (400, 200), "birth_date": (100, 300),
          "address": (100, 400), "id_number": (300, 600)}


def _card_reading(shift_x: float = 0.0):
    """A 1600 × 1200 frame whose page is the frame itself shifted by ``shift_x``, with every field read."""
    frame = np.full((1200, 1600, 3), 200, np.uint8)
    to_page = np.float64([[1, 0, shift_x], [0, 1, 0], [0, 0, 1]])
    lines = [line("x" * 6, x, y) for x, y in FIELDS.values()]
    fields = {name: Field(name, "v", 0.99, box=ln.box) for name, ln in zip(FIELDS, lines)}
    return frame, to_page, fields, result(*lines, width=1600, height=1200)


def _before(**failed):
    return QualityReport(tuple(QualityCheck(code, code not in failed, 0.0, 0.0, "", box=failed.get(code))
                               for code in ("sharpness", "glare", "exposure", "in_frame", "resolution")))


def _judge(frame, to_page, fields, ocr, before=None):
    view = PageView(frame, to_page, (1600, 1200), 0, frame)
    return {c.code: c for c in for_reading(before or _before(), view, doctypes.ID_CARD_FRONT, fields, ocr,
                                           QualitySettings()).checks}


def test_a_field_running_off_the_frame_is_named():
    frame, to_page, fields, ocr = _card_reading(shift_x=-1500)   # the frame ends at page x = 100: all cut
    checks = _judge(frame, to_page, fields, ocr)
    assert not checks["in_frame"].ok and checks["in_frame"].where in FIELDS and checks["in_frame"].value < 0.5


def test_outline_at_the_edge_passes_when_every_field_is_inside():
    # a thumb or clutter made the outline touch the frame's edge: the fields are all there
    frame, to_page, fields, ocr = _card_reading()
    checks = _judge(frame, to_page, fields, ocr, _before(in_frame=((0, 0), (10, 0), (10, 10), (0, 10))))
    assert checks["in_frame"].ok


def test_outline_at_the_edge_with_a_field_missing_fails():
    frame, to_page, fields, ocr = _card_reading()
    del fields["id_number"]
    checks = _judge(frame, to_page, fields, ocr, _before(in_frame=((0, 0), (10, 0), (10, 10), (0, 10))))
    assert not checks["in_frame"].ok and checks["in_frame"].where == "id_number"
    assert "身份号码" in checks["in_frame"].instruction


def test_glare_over_a_field_is_named_and_glare_off_the_text_passes():
    frame, to_page, fields, ocr = _card_reading()
    frame[1000:1150, 1300:1550] = 255          # blown out, away from every field
    assert _judge(frame, to_page, fields, ocr)["glare"].ok
    frame[95:140, 95:200] = 255                 # over the name
    glare = _judge(frame, to_page, fields, ocr)["glare"]
    assert not glare.ok and glare.where == "name" and glare.instruction.endswith("（姓名）")


def test_a_field_filled_from_the_number_counts_as_not_read_under_glare():
    frame, to_page, fields, ocr = _card_reading()
    fields["gender"] = Field("gender", "男", 0.9, note="from the ID number")   # no box: not read
    frame[1000:1150, 1300:1550] = 255
    glare = _judge(frame, to_page, fields, ocr)["glare"]
    assert not glare.ok and glare.where == "gender"


def test_resolution_is_judged_on_the_print_at_the_types_real_size():
    frame, _, fields, ocr = _card_reading()
    # a card flattened to 856 × 540 from a 200 px wide outline: 2.3 px/mm, print 6 px tall
    small = np.float64([[856 / 200, 0, 0], [0, 540 / 126, 0], [0, 0, 1]])
    page = np.full((540, 856, 3), 200, np.uint8)
    view = PageView(frame, small, (856, 540), 0, page)
    check = quality._type_resolution(view, doctypes.ID_CARD_FRONT, ocr, QualitySettings())
    assert not check.ok and check.value < 8
    big = PageView(frame, np.float64([[856 / 900, 0, 0], [0, 540 / 568, 0], [0, 0, 1]]), (856, 540), 0, page)
    assert quality._type_resolution(big, doctypes.ID_CARD_FRONT, ocr, QualitySettings()).ok
