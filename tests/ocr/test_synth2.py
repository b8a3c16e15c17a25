"""The second corpus: deterministic, split, independent of the first, with real check characters."""
import cv2
import numpy as np
from stdnum.cn import ric, uscc

from ocr import doctypes, synth2
from ocr.synth2 import documents, fonts, identities


def test_fonts_are_installed_and_none_is_the_first_corpus_face():
    assert fonts.missing() == []
    assert not any("noto" in str(path).lower() for path in fonts.ALL)


def test_same_split_and_index_give_the_same_capture_and_splits_differ():
    item = synth2.plan("dev")[0]
    a, b = synth2.make("dev", *item[:3], item[3]), synth2.make("dev", *item[:3], item[3])
    assert a.data == b.data and a.fields == b.fields
    assert synth2.make("test", *item[:3], item[3]).fields != a.fields


def test_plan_has_good_and_bad_captures_of_every_type():
    plan = synth2.plan("test")
    assert {d for d, _, defect, _ in plan if defect is None} == set(synth2.GOOD)
    assert {defect for _, _, defect, _ in plan if defect} == {"cut", "motion", "glare", "small"}
    assert {setting for _, setting, _, _ in plan} == {"gaopaiyi", "table"}


def test_documents_carry_valid_numbers_and_their_field_regions():
    import random
    front = documents.id_front(random.Random(1))
    assert ric.is_valid(front.fields["id_number"]) and "id_number" in front.regions
    licence = documents.business_licence(random.Random(2), sole_trader=False)
    assert uscc.is_valid(licence.fields["uscc"]) and licence.fields["registered_capital"].isdigit()
    sole = documents.business_licence(random.Random(2), sole_trader=True)
    assert sole.fields["business_type"] == "个体工商户" and "registered_capital" not in sole.fields


def test_icao_check_digit_matches_the_specimen():
    # ICAO 9303 part 3 specimen: document number L898902C3 has check digit 6, birth 740812 → 2.
    assert identities.icao_check("L898902C3") == "6" and identities.icao_check("740812") == "2"


def test_capture_is_a_camera_jpeg_with_the_document_inside():
    c = synth2.make("dev", doctypes.ID_CARD_FRONT, "table", None, 3)
    image = cv2.imdecode(np.frombuffer(c.data, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (1200, 1600, 3) and c.good
    corners = np.array(c.info["corners"])
    assert corners.min() >= 0 and corners[:, 0].max() < 1600 and corners[:, 1].max() < 1200
