"""The OCR benchmark: its metrics, its verdicts, and one small real run."""
import json

from ocr import doctypes
from ocr.bench import __main__ as bench
from ocr.bench import corpus, report
from ocr.bench.metrics import cer, edit_distance, line_cer, percentile, reading_order, substring_distance
from ocr.bench.runner import Outcome
from tests.ocr.samples_helpers import line, result


def test_edit_distance():
    assert edit_distance("", "abc") == 3
    assert edit_distance("公民身份号码", "公民身份号玛") == 1
    assert edit_distance("kitten", "sitting") == 3


def test_reading_order_groups_rows_then_left_to_right():
    items = [("值", (200, 12, 260, 40)), ("标签", (10, 10, 80, 42)), ("下一行", (10, 60, 120, 90))]
    assert reading_order(items) == "标签值下一行"


def test_cer_ignores_layout_but_counts_recognition_errors():
    truth_lines, truth_boxes = ["姓名", "张三"], [(0, 0, 60, 30), (100, 0, 160, 30)]
    assert cer(result(line("姓名 张三", 0, 0)), truth_lines, truth_boxes) == 0.0
    assert cer(result(line("姓名张二", 0, 0)), truth_lines, truth_boxes) == 0.25
    assert cer(result(), [], []) is None


def test_line_cer_ignores_extra_text_and_order():
    ocr = result(line("乙方 李四", 0, 0), line("MWMWM 证明", 0, 50), line("甲方 张三", 0, 100))
    assert line_cer(ocr, ["甲方张三", "乙方李四"]) == 0.0
    assert line_cer(result(line("甲方张二", 0, 0)), ["甲方张三"]) == 0.25
    assert substring_distance("abc", "xxabcxx") == 0 and substring_distance("abd", "xxabcxx") == 1


def test_percentile():
    assert percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert percentile([10, 20], 0.95) == 19.5


def _outcome(system, doc_type, correct, ms, predicted=None, cer_value=0.0):
    o = Outcome(system, "x", doc_type, "clean", predicted or doc_type, cer=cer_value, line_cer=cer_value, ms=ms)
    o.fields = {"id_number": ("1", "1" if correct else "2"), "name": ("张三", "张三")}
    return o


def test_targets_met_and_not_met_follow_the_figures():
    good = [_outcome("pipeline", doctypes.ID_CARD_FRONT, True, 200),
            _outcome("pipeline", doctypes.LEASE_CONTRACT, True, 900, cer_value=0.005)]
    verdicts = {t["target"].split(" >=")[0].split(" <=")[0]: t["met"] for t in report.targets(report.aggregate(good))}
    assert all(verdicts.values()), verdicts
    bad = [_outcome("pipeline", doctypes.ID_CARD_FRONT, False, 400, predicted=doctypes.UNKNOWN),
           _outcome("pipeline", doctypes.LEASE_CONTRACT, True, 1500, cer_value=0.05)]
    assert not any(t["met"] for t in report.targets(report.aggregate(bad)))
    assert all(t["met"] is None for t in report.targets(report.aggregate([])))


def test_ratios_against_tesseract():
    outcomes = [_outcome("pipeline", doctypes.ID_CARD_FRONT, True, 100),
                _outcome("tesseract", doctypes.ID_CARD_FRONT, False, 300)]
    ratio = report.ratios(report.aggregate(outcomes))["pipeline"]["ID card"]
    assert ratio["field_accuracy_x"] == 2.0 and ratio["speed_x"] == 3.0


def test_corpus_covers_every_type_and_the_samples():
    quick = list(corpus.synthetic(quick=True, seeds=1))
    assert {d.doc_type for d in quick} == set(doctypes.ALL) - {doctypes.UNKNOWN}
    assert len([d for d in quick if d.doc_type == doctypes.ID_CARD_FRONT]) == 9   # every capture variant
    samples = list(corpus.samples())
    assert samples and all(d.fields is not None for d in samples)


def test_small_real_run_prints_table_and_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--systems", "ppocr", "--types", doctypes.ID_CARD_BACK, "--variants", "clean",
                       "--seeds", "1", "--no-samples", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| id_card_back | 1 |" in printed
    assert "not measured in this run" in printed and "| MET |" not in printed   # no pipeline figures asked for
    data = json.loads(out.read_text())
    assert data["summary"]["ppocr"]["id_card_back"]["documents"] == 1
    assert data["outcomes"][0]["predicted_type"] == doctypes.ID_CARD_BACK


def _capture(doc_type, good, refused, fields, ms=100.0, raw_ms=200.0, defect=None, valid_wrong=()):
    from ocr.bench.captures import CaptureOutcome
    return CaptureOutcome(f"{doc_type}/{good}/{refused}", doc_type, good, "table", defect, doc_type, refused,
                          ["in_frame"] if refused else [], fields=fields, wrong_valid=list(valid_wrong),
                          ms=ms, raw_ms=raw_ms)


def test_capture_bench_figures_per_type():
    from ocr.bench import captures
    number = "110105199001011234"
    outcomes = [
        _capture(doctypes.ID_CARD_FRONT, True, False, {"id_number": (number, number), "name": ("张三", "张三")}),
        _capture(doctypes.ID_CARD_FRONT, True, True, {"id_number": (number, None), "name": ("张三", "张二")}),
        _capture(doctypes.ID_CARD_FRONT, False, False, {"id_number": (number, "1")}, defect="cut",
                 valid_wrong=("id_number",)),
        _capture(doctypes.ID_CARD_FRONT, False, True, {}, defect="motion"),
        _capture(doctypes.BUSINESS_LICENCE, True, False, {"company_name": ("甲公司", "甲公司")}, ms=300, raw_ms=600),
    ]
    table = captures.summarise(outcomes)
    front = table[doctypes.ID_CARD_FRONT]
    assert (front["good"], front["bad"]) == (2, 2)
    assert front["false_refusal"] == 0.5 and front["bad_accepted"] == 0.5
    assert front["fields_exact"] == 0.5 and front["number_exact"] == 0.5 and front["wrong_valid"] == 1
    assert front["refused_by"] == {"in_frame": 1} and front["ratio"] == 0.5
    assert table[doctypes.BUSINESS_LICENCE]["ratio"] == 0.5
    rows = {t: (v, m) for t, v, m in captures.targets(table)}
    assert rows["false refusals, worst type <= 2.0%"] == ("50.0%", False)
    assert rows["pipeline ÷ raw engine, pages and licences (worst) <= 0.50"] == ("0.50", True)
    assert rows["wrong numbers given as valid = 0"] == ("1", False)
    printed = captures.markdown(table, captures.targets(table))
    assert "| id_card_front | 2 | 50.0% | 2 | 50.0% |" in printed and "pipeline ÷ raw" in printed
