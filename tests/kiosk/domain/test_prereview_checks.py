"""Each pre-review check on real-looking documents: who is named, pages against themselves and the chip,
addresses by region, marks by document type, photo backgrounds, wrong documents named, 秒办 failing closed."""
import numpy as np
import pytest

from kiosk.domain import compare
from kiosk.domain.catalog import logic
from kiosk.domain.catalog.examples import case_facts
from kiosk.domain.catalog.yamlsource import load
from kiosk.domain.prereview import review
from kiosk.domain.prereview.photo import background, image_background
from kiosk.domain.regions import address_in, resolve
from ocr.types import DocumentReading, OcrResult, QualityReport

LEASE = {"doc_type": "lease_contract", "marks": ["signature"],
         "fields": {"lessor_name": "陈立", "lessee_name": "王晴", "lessee_id_number": "410302199506073511",
                    "address": "浙江省杭州市西湖区文三路100号3幢201室", "start_date": "2025-03-01",
                    "end_date": "2027-02-28"}}


def _review(catalog, matter_id, patch):
    base = load(catalog.root / "examples" / f"{matter_id}.yaml")["base"]
    return review(catalog.get(matter_id), case_facts(matter_id, base, patch))


def _ids(result, severity=("block", "staff")):
    return {(f.rule_id, f.material_id, f.page) for f in result.findings if f.severity in severity}


def _lease(**fields):
    return {"materials": {"residence_proof": {"pages": [{**LEASE, "fields": {**LEASE["fields"], **fields}}]}}}


# -- who is named on each material

def test_a_lessee_one_character_off_blocks_at_the_lease(catalog):
    result = _review(catalog, "residence_permit", _lease(lessee_name="王清"))
    assert ("consistency.name", "residence_proof", 1) in _ids(result) and result.outcome == "blocked"


def test_premises_owned_by_a_third_person_block(catalog):
    patch = {"materials": {"premises_proof": {"pages": [{"doc_type": "property_certificate", "marks": ["seal"],
             "fields": {"owner_name": "李国强", "owner_id_number": "330106197005051238",
                        "address": "浙江省杭州市西湖区古墩路70号"}}]}}}
    result = _review(catalog, "sole_proprietor_registration", patch)
    assert result.outcome == "blocked"
    assert {("consistency.name", "premises_proof", 1), ("consistency.id_number", "premises_proof", 1)} <= _ids(result)


def test_the_marriage_certificate_names_the_spouse_of_the_form(catalog):
    base = load(catalog.root / "examples" / "birth_registration.yaml")["base"]
    page = base["materials"]["marriage_certificate"]["pages"][0]
    spouse = "wife" if page["fields"]["husband_name"] == base["card"]["name"] else "husband"
    fields = {**page["fields"], f"{spouse}_name": "赵雅琴"}
    result = _review(catalog, "birth_registration", {"materials": {"marriage_certificate": {"pages": [
        {**page, "fields": fields}]}}})
    assert ("consistency.spouse_name", "marriage_certificate", 1) in _ids(result)


def test_a_name_nobody_explains_goes_to_staff(catalog):
    result = _review(catalog, "residence_permit", _lease(guarantor_name="孙立新"))
    assert ("identity.unexplained", "residence_proof", 1) in _ids(result, ("staff",))


def test_an_ocr_split_name_is_the_same_person_in_rules_and_checks(catalog):
    result = _review(catalog, "e_business_licence", {"materials": {"business_licence": {"pages": [
        {"doc_type": "business_licence", "marks": ["seal"],
         "fields": {"uscc": "92330106MA2H8K3L05", "company_name": "杭州市西湖区周记小吃店", "business_type": "个体工商户",
                    "legal_representative": "周 涛", "address": "杭州市西湖区古墩路70号", "valid_until": "长期"}}]}}})
    assert result.outcome == "instant", result.findings
    assert logic.evaluate({"same_name": ["张 伟", "张伟"]}, {}) is True
    assert logic.evaluate({"name_among": ["刘玲", "刘铃", "王强"]}, {}) is False
    assert compare.same_address("杭州市西湖区文三路100号", "浙江省杭州市西湖区文三路100号3幢201室")
    assert not compare.same_address("浙江省杭州市西湖区文三路108号", "浙江省杭州市西湖区文三路100号")


# -- within one page

def test_birth_date_and_sex_printed_beside_the_number_must_be_the_numbers(catalog):
    front = {"doc_type": "id_card_front", "fields": {"name": "王晴", "gender": "女", "birth_date": "1996-06-07",
                                                     "id_number": "410302199506073511"}}
    back = {"doc_type": "id_card_back", "fields": {"valid_from": "2015-06-01", "valid_until": "2035-06-01"}}
    result = _review(catalog, "residence_permit", {"materials": {"id_card": {"pages": [front, back]}}})
    assert {("page.birth_date", "id_card", 1), ("page.gender", "id_card", 1)} <= _ids(result, ("block",))


def test_a_sole_proprietors_licence_with_a_company_code_blocks(catalog):
    licence = {"doc_type": "business_licence", "marks": ["seal"],
               "fields": {"uscc": "91330106MA28LQ1X26", "company_name": "杭州市西湖区周记小吃店", "business_type": "个体工商户",
                          "legal_representative": "周涛", "address": "浙江省杭州市西湖区古墩路70号", "valid_until": "长期"}}
    result = _review(catalog, "seal_engraving", {"materials": {"business_licence": {"pages": [licence]}}})
    assert ("page.uscc", "business_licence", 1) in _ids(result, ("block",))


def test_a_credit_code_from_another_city_goes_to_staff(catalog):
    from kiosk.domain.prereview.adversarial.world import uscc_with_check

    code = uscc_with_check("91330203MA2H0001K")   # 宁波市海曙区
    licence = {"doc_type": "business_licence", "marks": ["seal"],
               "fields": {"uscc": code, "company_name": "杭州文三科技有限公司", "business_type": "有限责任公司",
                          "legal_representative": "周涛", "address": "杭州市西湖区文三路90号", "valid_until": "长期"}}
    result = _review(catalog, "seal_engraving", {"materials": {"business_licence": {"pages": [licence]}}})
    assert ("page.uscc_region", "business_licence", 1) in _ids(result, ("staff",))


# -- between documents

def test_an_emblem_side_from_another_card_blocks(catalog):
    front = {"doc_type": "id_card_front", "fields": {"name": "王晴", "id_number": "410302199506073511"}}
    back = {"doc_type": "id_card_back", "fields": {"valid_from": "2005-06-01", "valid_until": "2025-06-01"}}
    result = _review(catalog, "residence_permit", {"materials": {"id_card": {"pages": [front, back]}}})
    assert ("crossdoc.valid_from", "id_card", 2) in _ids(result, ("block",))


def test_the_household_page_must_print_the_chips_birth_date_and_sex(catalog):
    page = {"doc_type": "hukou_member", "fields": {"name": "张伟", "relation": "户主", "gender": "男",
                                                   "birth_date": "1991-01-02", "id_number": "330106199001021235"}}
    result = _review(catalog, "id_card_renewal", {"materials": {"hukou_member": {"pages": [page]}}})
    assert ("crossdoc.birth_date", "hukou_member", 1) in _ids(result, ("block",))
    page["fields"].update(birth_date="1990-01-02", gender="女")
    result = _review(catalog, "id_card_renewal", {"materials": {"hukou_member": {"pages": [page]}}})
    assert ("crossdoc.gender", "hukou_member", 1) in _ids(result, ("block",))


def test_no_home_declared_while_owning_one_blocks(catalog):
    patch = {"form": {"housing": "none"}, "materials": {"housing_proof": {"deferred": False, "committed": False, "pages": [
        {"doc_type": "property_certificate", "marks": ["seal"],
         "fields": {"owner_name": "张伟", "address": "浙江省杭州市西湖区文三路58号"}}]}}}
    result = _review(catalog, "public_rental_housing", patch)
    assert "no_home_but_owns_one" in {f.rule_id for f in result.blocking}


# -- jurisdiction by region

@pytest.mark.parametrize("address, code", [
    ("浙江省杭州市西湖区文三路100号", "330106"), ("浙江省宁波杭州湾新区滨海二路1号", "330282"),
    ("江苏省南京市玄武区杭州路5号", "320102"), ("杭州市钱塘区白杨街道", "330114"), ("上海市浦东新区世纪大道1号", "310115"),
    ("西湖区文三路1号", None), ("北京市朝阳区建国路1号", "110105"),
])
def test_addresses_resolve_by_the_longest_match(address, code):
    assert resolve(address) == code


def test_hangzhou_bay_new_area_is_not_hangzhou(catalog):
    assert not address_in("浙江省宁波杭州湾新区滨海二路1号", ("3301",))
    result = _review(catalog, "residence_permit", _lease(address="浙江省宁波杭州湾新区滨海二路1号"))
    assert ("jurisdiction.residence", "residence_proof", 1) in _ids(result, ("block",))


def test_the_household_decides_household_matters_not_the_id_numbers_prefix(catalog):
    patch = {"materials": {"hukou_register": {"pages": [
        {"doc_type": "hukou_index", "fields": {"household_head": "张伟", "address": "浙江省宁波市海曙区中山西路1号"}},
        {"doc_type": "hukou_member", "fields": {"name": "张伟", "id_number": "330106199001021235"}}]}}}
    result = _review(catalog, "hukou_transfer", patch)      # the number says 330106, the register says Ningbo
    assert ("jurisdiction.applicant", "hukou_register", 1) in _ids(result, ("block",))


# -- marks by document type

def test_a_licence_without_the_authoritys_seal_and_an_unsigned_lease_block(catalog):
    result = _review(catalog, "seal_engraving", {"materials": {"business_licence": {"pages": [
        {"doc_type": "business_licence", "fields": {"uscc": "92330106MA2CFL7T4R", "legal_representative": "周涛"}}]}}})
    assert "marks.seal_missing" in {f.rule_id for f in result.blocking}
    unsigned = {**LEASE, "marks": []}
    result = _review(catalog, "residence_permit", {"materials": {"residence_proof": {"pages": [unsigned]}}})
    assert ("marks.signature_missing", "residence_proof", None) in _ids(result, ("block",))


def test_a_property_certificate_is_not_signed(catalog):
    own = {"doc_type": "property_certificate", "marks": ["seal"],
           "fields": {"owner_name": "王晴", "owner_id_number": "410302199506073511",
                      "address": "浙江省杭州市西湖区文三路100号3幢201室"}}
    result = _review(catalog, "residence_permit", {"materials": {"residence_proof": {"pages": [own]}}})
    assert not {f.rule_id for f in result.findings} & {"marks.signature_missing", "marks.seal_missing"}


# -- photos, wrong documents, guide conditions

def _photo(bgr):
    image = np.zeros((413, 295, 3), np.uint8)
    image[:] = bgr
    image[120:330, 80:215] = (60, 80, 110)      # the sitter
    return DocumentReading("photo_1inch", 0.97, {}, OcrResult((), 295, 413, "t"), QualityReport(()), image=image)


def test_photo_backgrounds_from_the_image():
    assert background(_photo((250, 250, 250))) == "white"
    assert background(_photo((40, 30, 200))) == "red"
    assert background(_photo((200, 120, 40))) == "blue"


def test_a_red_background_photo_fails_a_white_background_requirement(catalog):
    result = _review(catalog, "residence_permit", {"materials": {"photo": {"pages": [
        {"doc_type": "photo_1inch", "fields": {"background": "red"}}]}}})
    assert ("photo.background", "photo", 1) in _ids(result, ("block",))


def test_a_wrong_document_is_named_with_what_is_needed(catalog):
    marriage = {"doc_type": "marriage_certificate", "fields": {"husband_name": "王晴"}}
    result = _review(catalog, "residence_permit", {"materials": {"residence_proof": {"pages": [marriage]}}})
    [finding] = [f for f in result.blocking if f.rule_id == "type.mismatch"]
    assert "结婚证" in finding.message.zh and "房屋租赁合同或不动产权证书" in finding.message.zh
    assert "marriage certificate" in finding.message.en and "a lease or a property certificate" in finding.message.en


def test_a_retiree_on_home_grounds_needs_no_employment_proof(catalog):
    result = _review(catalog, "residence_permit", {"form": {"basis": "residence"}, "materials": {"employment_proof": None}})
    assert "completeness.missing_material" not in {f.rule_id for f in result.findings}
    result = _review(catalog, "residence_permit", {"materials": {"employment_proof": None}})
    assert ("completeness.missing_material", "employment_proof", None) in _ids(result, ("block",))


def test_a_passport_cannot_apply_for_a_residence_permit(catalog):
    result = _review(catalog, "residence_permit", {"card": {"card_type": "emrtd", "id_number": "M12345678", "address": ""}})
    assert "citizens_only" in {f.rule_id for f in result.blocking}


def test_a_lost_card_with_the_loss_report_left_blank_is_asked(catalog):
    result = _review(catalog, "social_card_replacement", {"form": {"reason": "lost", "loss_reported": None}})
    assert "loss_reported_first" in {f.rule_id for f in result.blocking}


# -- 秒办 fails closed

def test_an_unsure_reading_sends_an_instant_matter_to_staff_with_the_reason(catalog):
    patch = {"materials": {"id_card": {"pages": [
        {"doc_type": "id_card_front", "fields": {"name": {"value": "张伟", "confidence": 0.85},
                                                 "id_number": "330106199001021235"}},
        {"doc_type": "id_card_back", "fields": {"valid_from": "2020-01-02", "valid_until": "2040-01-02"}}]}}}
    result = _review(catalog, "flexible_employment_insurance", patch)
    [finding] = [f for f in result.findings if f.rule_id == "instant.not_enough_evidence"]
    assert result.outcome == "staff" and finding.severity == "info" and finding.material_id == "id_card"
    assert finding.message.en.startswith("Not enough evidence for instant approval:")


def test_a_skipped_rule_is_no_ground_for_instant_approval(catalog):
    own = {"doc_type": "property_certificate", "marks": ["seal"], "fields": {"address": "浙江省杭州市西湖区古墩路70号"}}
    result = _review(catalog, "sole_proprietor_registration", {"materials": {"premises_proof": {"pages": [own]}}})
    assert result.outcome == "staff"
    assert "instant.not_enough_evidence" in {f.rule_id for f in result.findings}


def test_photo_backgrounds_match_the_renderers_own_palette():
    from ocr.synth import render

    palette = {(67, 142, 219): "blue", (255, 255, 255): "white", (200, 30, 40): "red"}   # ocr.synth's RGB
    seen = set()
    for seed in range(1, 12):
        image = render("photo_1inch", seed=seed).image
        truth = palette[tuple(int(v) for v in image[2, 2][::-1])]
        seen.add(truth)
        assert image_background(image) == truth, seed
    assert seen == {"blue", "white", "red"}


def test_the_kiosks_example_photo_has_the_white_background_the_guides_ask_for():
    import cv2

    from kiosk.services.examples import example_png

    image = cv2.imdecode(np.frombuffer(example_png("photo_1inch"), np.uint8), cv2.IMREAD_COLOR)
    assert image_background(image) == "white"


def test_a_photos_background_is_kept_with_its_reading_for_later_reviews():
    from kiosk.domain.prereview.photo import with_photo_background
    from kiosk.storage.codec import reading_from_json, reading_to_json

    stored = reading_from_json(reading_to_json(with_photo_background(_photo((40, 30, 200)))))
    assert stored.image is None and background(stored) == "red"


def test_one_comparator_per_kind_of_value():
    assert compare.comparator("text", "card.name")("张 伟", "张伟")
    assert compare.comparator("id_number", "card.id_number")("33010619880808112x", "33010619880808112X")
    assert compare.comparator("text", "material.residence_proof.address")(
        "浙江省杭州市西湖区文三路100号3幢201室", "杭州市西湖区文三路100号")
    date_of = compare.comparator("date", "material.residence_proof.start_date")
    assert date_of("2025-03-01", "2025-03-01") and not date_of("2025-03", "2025-03-01")


def test_a_passport_cannot_stand_in_for_the_resident_card_a_matter_lists(catalog):
    result = _review(catalog, "flexible_employment_insurance",
                     {"card": {"card_type": "emrtd", "id_number": "M12345678", "address": ""}})
    assert "consistency.resident_card_needed" in {f.rule_id for f in result.blocking}


def test_an_unsure_register_address_unlike_the_chips_goes_to_staff(catalog):
    index = {"doc_type": "hukou_index", "fields": {"household_head": "张伟",
                                                   "address": {"value": "浙江省杭州市西湖区文三路88号", "confidence": 0.6}}}
    member = {"doc_type": "hukou_member", "fields": {"name": "张伟", "id_number": "330106199001021235"}}
    result = _review(catalog, "hukou_transfer", {"materials": {"hukou_register": {"pages": [index, member]}}})
    assert ("crossdoc.address", "hukou_register", 1) in _ids(result, ("staff",))
    index["fields"]["address"] = "浙江省杭州市西湖区文三路88号"      # read surely: a move, not a misreading
    result = _review(catalog, "hukou_transfer", {"materials": {"hukou_register": {"pages": [index, member]}}})
    assert ("crossdoc.address", "hukou_register", 1) not in _ids(result)


# -- 代办

AGENT = {"name": "张丽", "id_number": "330106199203041242", "gender": "女", "birth_date": "1992-03-04",
         "valid_until": "2035-01-01"}


def test_an_agent_is_never_approved_at_once_and_needs_the_authorisation(catalog):
    signed = {"authorisation": {"pages": [{"doc_type": "unknown", "marks": ["signature"]}]}}
    result = _review(catalog, "social_card_replacement", {"card": None, "agent": AGENT, "materials": signed})
    assert result.outcome == "staff" and "agency.acting_for" in {f.rule_id for f in result.for_staff}
    unsigned = {"authorisation": {"pages": [{"doc_type": "unknown"}]}}
    result = _review(catalog, "social_card_replacement", {"card": None, "agent": AGENT, "materials": unsigned})
    assert ("marks.signature_missing", "authorisation", None) in _ids(result, ("block",))
    result = _review(catalog, "social_card_replacement", {})
    assert "authorisation" not in {f.material_id for f in result.findings}     # asked only of an agent


def test_the_applicants_card_captured_by_an_agent_must_be_the_applicants(catalog):
    other = {"id_card": {"pages": [
        {"doc_type": "id_card_front", "fields": {"name": "张丽", "id_number": "330106199203041242"}},
        {"doc_type": "id_card_back", "fields": {"valid_from": "2020-01-02", "valid_until": "2040-01-02"}}]},
        "authorisation": {"pages": [{"doc_type": "unknown", "marks": ["signature"]}]}}
    result = _review(catalog, "social_card_replacement", {"card": None, "agent": AGENT, "materials": other})
    assert ("consistency.name", "id_card", 1) in _ids(result, ("block",))


def test_a_matter_for_the_applicant_in_person_refuses_an_agent(catalog):
    result = _review(catalog, "senior_card", {"card": None, "agent": AGENT})
    assert "agency.not_allowed" in {f.rule_id for f in result.blocking}
