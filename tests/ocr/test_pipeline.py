"""The reading pipeline: stages, their contract, and what a read gives back."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr import doctypes, imaging, synth
from ocr.engines import load_engine
from ocr.pipeline import (Decode, DocumentPipeline, FindMarks, Orientation, PageState, PipelineSettings,
                          Quality, ReadRequest, Recognize, Rectify, Stage)
from ocr.types import UnreadableImage
from tests.ocr import images


@pytest.fixture(scope="module")
def pipeline():
    return DocumentPipeline(load_engine("rapidocr"))


def _state(source, expected=None):
    return PageState(request=ReadRequest(expected, 0), source=source)


def _stages(pipeline, *kinds):
    return [s for s in pipeline.stages if isinstance(s, kinds)]


@pytest.mark.parametrize("data", [b"", b"not an image at all", images.encode(images.id_card_front())[:900]])
def test_unreadable_uploads_raise_unreadable_image(pipeline, data):
    with pytest.raises(UnreadableImage):
        pipeline.read(data)


@pytest.mark.parametrize("array", [np.zeros((4, 4, 3), np.uint8), np.zeros((50, 50, 3), np.float32),
                                   np.zeros((50, 50, 2), np.uint8)])
def test_arrays_that_are_not_images_raise_unreadable_image(pipeline, array):
    with pytest.raises(UnreadableImage):
        pipeline.read(array)


def test_card_on_a_desk_is_found_rectified_and_assessed(pipeline):
    frame, _ = images.desk_scene(images.id_card_front(), tilt=0.1, scale=0.7)
    state = pipeline.run_stages(_state(images.encode(frame)), _stages(pipeline, Decode, Rectify, Quality))
    assert state.source is None                      # decode's cleanup dropped the upload
    assert state.frame.shape == frame.shape
    assert state.is_card and state.page.shape[:2] == (540, 856)
    assert state.quality.ok
    assert set(state.timings) == {"decode", "rectify", "quality"}
    assert all(ms >= 0 for ms in state.timings.values())


def test_card_fast_path_is_only_for_reads_that_may_be_a_card(pipeline):
    frame, _ = images.desk_scene(images.id_card_front(), tilt=0.0, scale=0.7)
    stages = _stages(pipeline, Decode, Rectify)
    assert pipeline.run_stages(_state(frame, (doctypes.ID_CARD_FRONT,)), stages).is_card
    not_card = pipeline.run_stages(_state(frame, (doctypes.LEASE_CONTRACT,)), stages)
    assert not not_card.is_card and not_card.page.shape[1] / not_card.page.shape[0] == pytest.approx(1.585, rel=0.02)


def test_turned_page_is_made_upright_and_read(pipeline):
    page = images.a4_page()
    frame, _ = images.desk_scene(imaging.rotate_quarter(page, 270), tilt=0.0, scale=0.85)
    state = pipeline.run_stages(_state(frame), _stages(pipeline, Decode, Rectify, Orientation, Recognize))
    assert state.page.shape[0] > state.page.shape[1]          # portrait again
    assert "orientation" in state.timings
    text = state.ocr.text
    assert "关于办理居住证明的申请" in text and "330106199001021234" in text
    title = next(l for l in state.ocr.lines if l.text == "关于办理居住证明的申请")
    assert title.box[0][1] < state.page.shape[0] * 0.2        # the title is at the top


def test_marks_are_found_on_the_rectified_page(pipeline):
    page = images.stamp(images.a4_page(), images.seal(260), (800, 1150))
    state = pipeline.run_stages(_state(page), _stages(pipeline, Decode, Rectify, FindMarks))
    assert [m.kind for m in state.marks] == ["seal"]


def test_stage_cleanup_runs_when_a_stage_fails(pipeline):
    calls = []

    class Failing(Stage):
        name = "failing"

        def run(self, state):
            calls.append("run")
            raise RuntimeError("boom")

        def cleanup(self, state):
            calls.append("cleanup")

    state = _state(b"")
    with pytest.raises(RuntimeError):
        pipeline.run_stages(state, [Failing()])
    assert calls == ["run", "cleanup"] and "failing" in state.timings


def test_settings_switch_stages_off():
    settings = PipelineSettings(fix_orientation=False)
    quiet = DocumentPipeline(load_engine("rapidocr"), settings)
    assert not Orientation(settings, quiet.engine).can_run(_state(b""))


# ---- whole reads: real engine, classifier and extractors

def test_id_card_photo_is_read_by_the_fast_path(pipeline):
    rendered = synth.render(doctypes.ID_CARD_FRONT, 7, "desk")
    reading = pipeline.read(images.encode(rendered.image))
    assert reading.doc_type == doctypes.ID_CARD_FRONT and reading.type_confidence > 0.5
    assert {name: f.value for name, f in reading.fields.items()} == rendered.fields
    assert reading.fields["id_number"].valid
    assert reading.ocr.engine == "rapidocr+card-layout"
    assert "card_fast_path" in reading.timings and "ocr" not in reading.timings
    assert (reading.width, reading.height) == (856, 540) and reading.image.shape == (540, 856, 3)
    assert reading.quality.ok and reading.marks == ()
    # the number's box is on the card's bottom row, in the stored page image's pixels
    (x0, y0), _, (x1, y1), _ = reading.fields["id_number"].box
    assert 250 < x0 < x1 < 856 and 400 < y0 < y1 < 540


def test_upside_down_card_is_turned_and_read(pipeline):
    rendered = synth.render(doctypes.ID_CARD_BACK, 3)
    reading = pipeline.read(imaging.rotate_quarter(rendered.image, 180))
    assert reading.doc_type == doctypes.ID_CARD_BACK
    assert {name: f.value for name, f in reading.fields.items()} == rendered.fields
    assert np.abs(reading.image.astype(int) - rendered.image.astype(int)).mean() < 10   # stored upright


def test_card_sized_page_that_is_no_id_card_falls_back_to_full_detection(pipeline):
    pil = Image.new("RGB", (856, 540), (250, 250, 250))
    draw = ImageDraw.Draw(pil)
    draw.text((60, 80), "杭州市西湖区行政服务中心", font=images.font(44), fill=(20, 20, 20))
    draw.text((60, 200), "咨询电话：0571-88888888", font=images.font(34), fill=(20, 20, 20))
    draw.text((60, 280), "地址：文三路100号", font=images.font(34), fill=(20, 20, 20))
    reading = pipeline.read(np.asarray(pil))
    assert reading.doc_type not in (doctypes.ID_CARD_FRONT, doctypes.ID_CARD_BACK)
    assert {"card_fast_path", "ocr"} <= set(reading.timings)
    assert reading.ocr.engine == "rapidocr"
    assert "行政服务中心" in reading.ocr.text


def test_a4_contract_on_a_desk_is_read_with_its_fields(pipeline):
    rendered = synth.render(doctypes.LEASE_CONTRACT, 4, "desk")
    reading = pipeline.read(images.encode(rendered.image), expected_types=[doctypes.LEASE_CONTRACT], page=1)
    assert reading.doc_type == doctypes.LEASE_CONTRACT
    got = {name: f.value for name, f in reading.fields.items()}
    assert got == rendered.fields
    assert all(f.page == 1 for f in reading.fields.values())
    assert reading.height / reading.width == pytest.approx(297 / 210, rel=0.05)
    assert [m.kind for m in reading.marks] == ["signature", "signature"]   # both parties signed
    assert set(reading.timings) >= {"decode", "rectify", "quality", "orientation", "ocr", "classify",
                                    "extract", "marks"}


def test_id_photo_is_recognised_from_the_page_image(pipeline):
    reading = pipeline.read(synth.render(doctypes.PHOTO_1INCH, 2, "desk").image)
    assert reading.doc_type == doctypes.PHOTO_1INCH and reading.fields == {}
