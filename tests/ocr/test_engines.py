"""OCR engines: real inference on drawn pages, no network, one instance per process."""
import socket
import threading
from pathlib import Path

import numpy as np
import pytest

from ocr.engines import EngineUnavailable, OcrEngine, engine_class, load_engine
from ocr.engines.paddle import PaddleOcrEngine, lines_from_predict, texts_from_recognition
from ocr.engines.rapid import RapidOcrEngine, bundled_model_dir
from ocr.engines.tesseract import lines_from_data
from ocr.types import OcrResult
from tests.ocr import images


@pytest.fixture(scope="module")
def card():
    return images.id_card_front()


@pytest.fixture(scope="module")
def card_result(card):
    return load_engine("rapidocr").recognize(card)


def _line(result, text):
    return next(line for line in result.lines if line.text == text)


def test_rapidocr_reads_the_card_with_boxes_in_page_pixels(card_result):
    assert isinstance(card_result, OcrResult)
    assert (card_result.width, card_result.height, card_result.engine) == (856, 540, "rapidocr")
    assert card_result.elapsed_ms > 0
    number = _line(card_result, images.ID_NUMBER)
    assert number.confidence > 0.9
    (x0, y0), (x1, _), (_, y1), _ = number.box
    # drawn at (290, 438) in a 36 px bold face
    assert abs(x0 - 292) < 12 and 430 < y0 < 460 and 640 < x1 < 720 and y1 < 500
    assert "张三" in card_result.text and "浙江省杭州市西湖区" in card_result.text


def test_rapidocr_gives_character_boxes_inside_their_line(card_result):
    number = _line(card_result, images.ID_NUMBER)
    assert "".join(c.text for c in number.chars) == images.ID_NUMBER
    xs = [c.box[0][0] for c in number.chars]
    assert xs == sorted(xs)
    (lx0, ly0), _, (lx1, ly1), _ = number.box
    for char in number.chars:
        (cx0, cy0), _, (cx1, cy1), _ = char.box
        assert lx0 - 4 <= cx0 < cx1 <= lx1 + 4 and ly0 - 4 <= cy0 < cy1 <= ly1 + 4


def test_recognize_lines_reads_crops_in_order(card):
    engine = load_engine("rapidocr")
    name = card[45:95, 150:240]
    number = card[430:490, 280:700]
    ethnicity = card[115:165, 370:420]
    texts = engine.recognize_lines([number, name, ethnicity])
    assert [t for t, _ in texts] == [images.ID_NUMBER, "张三", "汉"]
    assert all(conf > 0.8 for _, conf in texts)
    assert engine.recognize_lines([]) == []


def test_engines_refuse_what_is_not_a_bgr_image():
    engine = load_engine("rapidocr")
    with pytest.raises(ValueError):
        engine.recognize(np.zeros((20, 20), np.uint8))
    with pytest.raises(ValueError):
        engine.recognize_lines([np.zeros((0, 10, 3), np.uint8)])


def test_load_engine_builds_one_instance_per_name_and_options():
    assert load_engine("rapidocr") is load_engine("rapidocr")
    assert isinstance(load_engine("rapidocr"), OcrEngine)
    with pytest.raises(ValueError, match="unknown OCR engine 'easyocr'"):
        load_engine("easyocr")
    assert engine_class("paddleocr") is PaddleOcrEngine


def test_calls_from_two_threads_run_one_at_a_time(card):
    engine = load_engine("rapidocr")
    active, overlap, results = [0], [False], []
    inner = engine._recognize_lines

    def watched(crops):
        active[0] += 1
        overlap[0] |= active[0] > 1
        try:
            return inner(crops)
        finally:
            active[0] -= 1

    engine._recognize_lines = watched
    try:
        crop = card[430:490, 280:700]
        threads = [threading.Thread(target=lambda: results.append(engine.recognize_lines([crop])))
                   for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        del engine._recognize_lines
    assert not overlap[0]
    assert [r[0][0] for r in results] == [images.ID_NUMBER] * 3


def test_rapidocr_uses_only_bundled_models_and_never_the_network(card, monkeypatch):
    import rapidocr
    from rapidocr.utils.download_file import DownloadFile

    def refuse(*args, **kwargs):
        raise AssertionError("OCR engine tried to reach the network")

    monkeypatch.setattr(DownloadFile, "run", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine = RapidOcrEngine()   # a fresh instance: models load under the block
    package = Path(rapidocr.__file__).resolve().parent
    assert bundled_model_dir() == package / "models"
    for path in engine.model_paths.values():
        assert path.is_file() and package in path.parents
    result = engine.recognize(card[420:500, 40:760])   # detection and recognition both load here
    assert images.ID_NUMBER in result.text


def test_rapidocr_reports_a_missing_model_folder(tmp_path):
    with pytest.raises(EngineUnavailable, match="model file missing"):
        RapidOcrEngine(model_dir=tmp_path)


# ---- PaddleOCR 3.x: not installed here; its output mapping is tested on a recorded result

# The shape of one ``PaddleOCR.predict`` result (OCRResult, dict-like) as PaddleOCR 3.x
# documents it, trimmed to the keys the mapping reads plus neighbours it must ignore.
PADDLE_PREDICT = [{
    "input_path": None, "page_index": None,
    "model_settings": {"use_doc_preprocessor": False, "use_textline_orientation": False},
    "dt_polys": [np.array([[62, 52], [121, 52], [121, 83], [62, 83]], dtype=np.int16)],
    "text_det_params": {"limit_side_len": 64, "limit_type": "min", "thresh": 0.3,
                        "box_thresh": 0.6, "unclip_ratio": 1.5},
    "text_type": "general", "textline_orientation_angles": [-1, -1, -1],
    "text_rec_score_thresh": 0.0,
    "rec_texts": ["姓名", "张三", " "],
    "rec_scores": [0.9987, 0.9731, 0.12],
    "rec_polys": [np.array([[62, 52], [121, 52], [121, 83], [62, 83]], dtype=np.int16),
                  np.array([[158, 47], [232, 48], [231, 91], [157, 90]], dtype=np.int16),
                  np.array([[500, 500], [510, 500], [510, 510], [500, 510]], dtype=np.int16)],
    "rec_boxes": np.array([[62, 52, 121, 83], [157, 47, 232, 91], [500, 500, 510, 510]], dtype=np.int16),
}]
PADDLE_REC = [{"input_path": None, "page_index": None, "rec_text": "330106199001021234", "rec_score": 0.9991},
              {"input_path": None, "page_index": None, "rec_text": "汉", "rec_score": 0.95}]


def test_paddleocr_predict_result_maps_to_lines():
    lines = lines_from_predict(PADDLE_PREDICT)
    assert [(l.text, round(l.confidence, 4)) for l in lines] == [("姓名", 0.9987), ("张三", 0.9731)]
    assert lines[1].box == ((158.0, 47.0), (232.0, 48.0), (231.0, 91.0), (157.0, 90.0))
    assert all(isinstance(v, float) for point in lines[0].box for v in point)


def test_paddleocr_polygon_becomes_its_bounding_box():
    curved = [{**PADDLE_PREDICT[0], "rec_texts": ["弯曲"], "rec_scores": [0.9],
               "rec_polys": [np.array([[0, 10], [20, 0], [40, 10], [40, 30], [20, 40], [0, 30]])]}]
    assert lines_from_predict(curved)[0].box == ((0.0, 0.0), (40.0, 0.0), (40.0, 40.0), (0.0, 40.0))


def test_paddleocr_text_recognition_result_maps_to_texts():
    assert texts_from_recognition(PADDLE_REC) == [("330106199001021234", 0.9991), ("汉", 0.95)]


def test_paddleocr_names_the_missing_model_folder(tmp_path):
    det = tmp_path / "PP-OCRv5_mobile_det"
    det.mkdir()
    missing = tmp_path / "PP-OCRv5_mobile_rec"
    with pytest.raises(EngineUnavailable, match=f"recognition model folder not found: {missing}"):
        load_engine("paddleocr", det_model_dir=det, rec_model_dir=missing)
    with pytest.raises(EngineUnavailable, match="never downloaded"):
        PaddleOcrEngine(rec_model_dir=missing)


def test_paddleocr_without_the_library_is_unavailable(tmp_path):
    (tmp_path / "det").mkdir()
    (tmp_path / "rec").mkdir()
    with pytest.raises(EngineUnavailable, match="paddleocr is not installed"):
        PaddleOcrEngine(det_model_dir=tmp_path / "det", rec_model_dir=tmp_path / "rec")


# ---- Tesseract, the benchmark's peer

def test_tesseract_gives_the_same_result_shape(card):
    result = load_engine("tesseract").recognize(card)
    assert result.engine == "tesseract" and (result.width, result.height) == (856, 540)
    line = next(l for l in result.lines if images.ID_NUMBER in l.text)
    (x0, y0), _, (x1, y1), _ = line.box
    assert x0 < 300 < 650 < x1 and 420 < y0 < y1 < 500   # label and number on one line
    assert 0 < line.confidence <= 1


def test_tesseract_words_are_grouped_into_lines():
    data = {"text": ["", "公民", "身份", "ID", "card", "孤立"], "conf": [-1, 90, 80, 70, 50, 95],
            "block_num": [1, 1, 1, 1, 1, 2], "par_num": [1] * 6, "line_num": [0, 1, 1, 1, 1, 1],
            "left": [0, 10, 60, 120, 150, 10], "top": [0, 5, 6, 5, 4, 100],
            "width": [0, 48, 48, 25, 40, 48], "height": [0, 20, 20, 20, 22, 20]}
    lines = lines_from_data(data)
    assert [l.text for l in lines] == ["公民身份ID card", "孤立"]
    assert lines[0].box == ((10, 4), (190, 4), (190, 26), (10, 26))
    assert lines[0].confidence == pytest.approx(0.725)


def test_line_boxes_lie_inside_the_page(card_result):
    for line in card_result.lines:
        pts = np.asarray(line.box)
        assert pts.min() >= -2 and pts[:, 0].max() <= 858 and pts[:, 1].max() <= 542


def test_rapidocr_sessions_carry_the_measured_onnxruntime_options():
    engine = load_engine("rapidocr")
    for session in (engine._rec.session.session, engine._ocr.text_det.session.session):
        options = session.get_session_options()
        assert options.intra_op_num_threads == 2 and options.inter_op_num_threads == 1
        assert options.enable_cpu_mem_arena
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert session.get_providers() == ["CPUExecutionProvider"]
