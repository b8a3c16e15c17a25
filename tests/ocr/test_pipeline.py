"""The reading pipeline: stages, their contract, and what a read gives back."""
import numpy as np
import pytest

from ocr import doctypes, imaging
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
