"""Extraction from hand-made OCR results: label/value pairing by geometry and normalisation."""
import pytest

from ocr import doctypes
from ocr.extract import extract
from ocr.extract.layout import Layout
from tests.ocr.samples_helpers import line, result

ID = "11010519491231002X"


def values(fields):
    return {name: f.value for name, f in fields.items()}


def test_id_front_labels_and_values_as_separate_boxes():
    r = result(
        line("姓名", 60, 56), line("张三", 170, 50),
        line("性别", 60, 122), line("男", 170, 116), line("民族", 300, 122), line("汉", 410, 116),
        line("出生", 60, 188), line("1949年12月31日", 170, 182),
        line("住址", 60, 254), line("北京市朝阳区建国路", 170, 248), line("88号院3号楼", 170, 292),
        line("公民身份号码", 60, 452), line(ID, 300, 444),
        width=856, height=540)
    fields = extract(doctypes.ID_CARD_FRONT, r)
    assert values(fields) == {"name": "张三", "gender": "男", "ethnicity": "汉", "birth_date": "1949-12-31",
                              "address": "北京市朝阳区建国路88号院3号楼", "id_number": ID}
    assert all(f.valid for f in fields.values())
    assert fields["address"].box[2][1] >= 292 + 32 - 1      # the box covers both address rows


def test_id_front_glued_labels_dropped_spaces_and_traditional_look_alikes():
    r = result(
        line("姓名张三丰", 53, 54), line("性别男", 54, 120), line("民族漢", 294, 120),
        line("出生1949年12月31日", 57, 192),
        line("住址", 56, 257), line("北京市朝阳区建国路", 166, 254), line("88号", 167, 298),
        line("11O1O519491231002x", 298, 447), line("公民身份号码", 58, 457),
        width=856, height=540)
    fields = extract(doctypes.ID_CARD_FRONT, r)
    assert fields["name"].value == "张三丰"
    assert fields["ethnicity"].value == "汉"
    assert fields["address"].value == "北京市朝阳区建国路88号"
    assert fields["id_number"].value == ID and fields["id_number"].valid
    assert "O->0" in fields["id_number"].note
    assert fields["id_number"].raw == "11O1O519491231002x"


def test_id_front_ambiguous_number_is_kept_raw_and_invalid():
    r = result(line("公民身份号码", 58, 457), line("330106195810238214", 298, 447), width=856, height=540)
    number = extract(doctypes.ID_CARD_FRONT, r)["id_number"]
    assert not number.valid and number.value == "330106195810238214" and number.confidence <= 0.3


def test_id_front_birth_date_on_the_card_settles_the_repair():
    r = result(line("出生", 60, 188), line("1958年10月28日", 170, 182),
               line("公民身份号码", 58, 457), line("330106195810238214", 298, 447), width=856, height=540)
    number = extract(doctypes.ID_CARD_FRONT, r)["id_number"]
    assert number.valid and number.value == "330106195810288214"


def test_id_back_validity_forms():
    r = result(line("签发机关", 150, 380), line("杭州市公安局西湖区分局", 330, 374),
               line("有效期限", 150, 446), line("2015.03.01-长期", 330, 440), width=856, height=540)
    assert values(extract(doctypes.ID_CARD_BACK, r)) == {
        "issuing_authority": "杭州市公安局西湖区分局", "valid_from": "2015-03-01", "valid_until": "长期"}
    r = result(line("签发机关", 150, 380), line("杭州市公安局西湖区分局", 330, 374),
               line("有效期限2015.03.01-2035.03.01", 150, 446), width=856, height=540)
    assert extract(doctypes.ID_CARD_BACK, r)["valid_until"].value == "2035-03-01"


def test_hukou_index():
    r = result(line("户口簿", 391, 46), line("户别", 61, 155), line("家庭户", 215, 154),
               line("户主姓名", 503, 157), line("李四", 652, 155), line("户号", 62, 225),
               line("515584441", 219, 231), line("承办人签章", 504, 227), line("住址", 72, 297),
               line("四川省成都市锦江区青年路92号阳光小区19幢1单", 228, 296), line("元1396室", 226, 333))
    assert values(extract(doctypes.HUKOU_INDEX, r)) == {
        "household_head": "李四", "household_number": "515584441", "household_type": "家庭户",
        "address": "四川省成都市锦江区青年路92号阳光小区19幢1单元1396室"}


def test_hukou_member_with_a_label_glued_to_the_previous_value():
    r = result(line("常住人口登记卡", 316, 40), line("姓名", 61, 121), line("黄桂", 264, 123),
               line("户主或与户主关系", 507, 130, width=167), line("父亲", 701, 124), line("曾用名", 62, 196),
               line("性别", 500, 194), line("男", 704, 195), line("出生地", 64, 267),
               line("江苏省苏州市虎丘区民族", 272, 270), line("汉", 701, 264), line("籍贯", 60, 335),
               line("江苏省", 265, 333), line("出生日期", 502, 333), line("1949年12月31日", 711, 337),
               line("公民身份证件编号", 70, 411, width=161), line(ID, 271, 411))
    assert values(extract(doctypes.HUKOU_MEMBER, r)) == {
        "name": "黄桂", "relation": "父亲", "gender": "男", "ethnicity": "汉", "birth_date": "1949-12-31",
        "birthplace": "江苏省苏州市虎丘区", "id_number": ID}


def test_business_licence():
    r = result(line("统一社会信用代码", 104, 240), line("营业执照", 618, 238), line("91350100M0O0100Y43", 106, 293),
               line("名称", 143, 421), line("武汉万泰信息技术有限公司", 396, 426),
               line("类型", 143, 482), line("股份有限公司(非上市)", 393, 485),
               line("法定代表人", 146, 546), line("黃琪杰", 393, 542),
               line("注册资本", 143, 605), line("壹佰万元整", 395, 607),
               line("成立日期", 143, 666), line("2008年07月09日", 395, 670),
               line("营业期限", 141, 727), line("2008年07月09日至长期", 396, 731),
               line("住所", 143, 786), line("湖北省武汉市武昌区文三路169号", 396, 792),
               line("经营范围", 144, 862), line("一般项目：技术服务。", 398, 862),
               width=1754, height=1240)
    fields = extract(doctypes.BUSINESS_LICENCE, r)
    assert values(fields) == {
        "uscc": "91350100M000100Y43", "company_name": "武汉万泰信息技术有限公司",
        "business_type": "股份有限公司（非上市）", "legal_representative": "黄琪杰",
        "registered_capital": "1000000", "established_date": "2008-07-09",
        "address": "湖北省武汉市武昌区文三路169号", "valid_until": "长期", "business_scope": "一般项目：技术服务"}
    assert fields["uscc"].valid and "O->0" in fields["uscc"].note


def test_business_licence_uscc_that_fails_is_kept_raw():
    r = result(line("统一社会信用代码", 104, 240), line("91350100M000100Y40", 106, 293), width=1754, height=1240)
    uscc = extract(doctypes.BUSINESS_LICENCE, r)["uscc"]
    assert not uscc.valid and uscc.value == "91350100M000100Y40"


def test_marriage_certificate_assigns_spouses_by_gender():
    wife_id, husband_id = "330106197507199023", "510104198512103415"
    r = result(line("结婚证", 484, 47), line("持证人朱雨", 75, 149), line("登记日期 2024年10月09日", 76, 205),
               line("结婚证字号 J510104-2024-880035", 75, 262), line("备注", 71, 311),
               # the wife's block printed first
               line("姓名朱雨", 73, 397), line("性别女", 474, 398), line("国籍 中国", 72, 449),
               line("出生日期1975年07月19日", 478, 454), line(f"身份证件号 {wife_id}", 78, 506),
               line("姓名 张军兰", 73, 597), line("性别男", 474, 598), line("国籍 中国", 72, 649),
               line("出生日期1985年12月10日", 478, 654), line(f"身份证件号 {husband_id}", 79, 708))
    assert values(extract(doctypes.MARRIAGE_CERTIFICATE, r)) == {
        "certificate_number": "J510104-2024-880035", "registration_date": "2024-10-09",
        "husband_name": "张军兰", "husband_id_number": husband_id, "wife_name": "朱雨", "wife_id_number": wife_id}


def test_birth_certificate():
    r = result(line("出生医学证明", 362, 132), line("编号 Q458826901", 856, 243), line("新生儿姓名赵子浩", 133, 336),
               line("性别女", 129, 437), line("出生时间2020年6月16日2时39分", 133, 539),
               line("出生地点山东省济南市历下区", 133, 639), line("母亲姓名 朱勇强", 135, 740),
               line("母亲身份证件号码 37010219840601564X", 140, 846), line("父亲姓名 赵建", 132, 933),
               line("父亲身份证件号码 32050519800324815X", 138, 1043), width=1240, height=1754)
    assert values(extract(doctypes.BIRTH_CERTIFICATE, r)) == {
        "certificate_number": "Q458826901", "child_name": "赵子浩", "child_gender": "女",
        "birth_date": "2020-06-16", "birth_place": "山东省济南市历下区", "mother_name": "朱勇强",
        "mother_id_number": "37010219840601564X", "father_name": "赵建", "father_id_number": "32050519800324815X"}


def test_lease_contract_reads_clauses_across_lines():
    r = result(line("房屋租赁合同", 437, 121), line("出租方（甲方）：马华梅", 118, 234),
               line("身份证号码：11010519711111898X", 120, 292), line("承租方（乙方）：陈晓", 120, 345),
               line("身份证号码：610113196712164950", 120, 400),
               line("第一条甲方将其所有的位于陕西省西安市雁塔区文三路180号春晓小区4幢3单元8", 118, 532, width=1000),
               line("10室的房屋出租给乙方居住使用。", 120, 577),
               line("第二条租赁期限自2024年10月1日起至2026年9月30日止。", 120, 638, width=700),
               width=1240, height=1754)
    assert values(extract(doctypes.LEASE_CONTRACT, r)) == {
        "lessor_name": "马华梅", "lessee_name": "陈晓", "lessee_id_number": "610113196712164950",
        "address": "陕西省西安市雁塔区文三路180号春晓小区4幢3单元810室", "start_date": "2024-10-01",
        "end_date": "2026-09-30"}


def test_property_certificate_with_a_wrapped_address():
    r = result(line("川（2021）成都市不动产权第4894109号", 120, 128), line("权利人", 105, 258),
               line("梁芳磊", 347, 252), line("证件号码", 105, 338), line("510104199206236783", 356, 345),
               line("四川省成都市锦江区建设大道245号幸福里小区11幢4单元237", 354, 502, width=766),
               line("坐落", 105, 512, height=49), line("室", 351, 534), line("不动产单元号", 109, 608),
               line("510104304806GB00001F0001", 356, 616), line("面积", 105, 928),
               line("房屋建筑面积76.46㎡", 354, 930), width=1240, height=1754)
    assert values(extract(doctypes.PROPERTY_CERTIFICATE, r)) == {
        "certificate_number": "川（2021）成都市不动产权第4894109号", "owner_name": "梁芳磊",
        "owner_id_number": "510104199206236783",
        "address": "四川省成都市锦江区建设大道245号幸福里小区11幢4单元237室", "area": "76.46"}


def test_passport_fields_from_the_mrz_lines():
    r = result(line("护照 PASSPORT", 56, 84),
               line("P<CHNHU<<JIAQI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", 38, 715, width=1170),
               line("E09O742512CHN98O3215M3002197<<<<<<<<<<<<<<<0", 39, 786, width=1170),
               width=1250, height=880)
    assert values(extract(doctypes.PASSPORT, r)) == {
        "document_number": "E09074251", "surname": "HU", "given_names": "JIAQI", "nationality": "CHN",
        "birth_date": "1998-03-21", "sex": "M", "expiry_date": "2030-02-19"}


@pytest.mark.parametrize("doc_type", [doctypes.HUKOU_COVER, doctypes.PHOTO_1INCH, doctypes.UNKNOWN])
def test_types_without_fields_give_none(doc_type):
    assert extract(doc_type, result(line("居民户口簿", 100, 100))) == {}


def test_unknown_type_name_is_an_error():
    with pytest.raises(ValueError):
        extract("driving_licence", result())


def test_missing_fields_are_absent_not_invented():
    fields = extract(doctypes.ID_CARD_FRONT, result(line("姓名", 60, 56), line("张三", 170, 50)))
    assert set(fields) == {"name"}


def test_layout_prefers_longer_labels_and_exact_matches():
    layout = Layout(result(line("母亲姓名 朱勇强", 135, 740), line("父亲姓名 赵建", 132, 933)),
                    {"mother": ("母亲姓名",), "father": ("父亲姓名",)})
    assert layout.value("mother").text.strip() == "朱勇强"
    assert layout.value("father").text.strip() == "赵建"


def test_layout_tolerates_one_wrong_character_in_a_long_label():
    layout = Layout(result(line("登记机美", 100, 100), line("杭州市市场监督管理局", 300, 100)),
                    {"authority": ("登记机关",)})
    value = layout.value("authority")
    assert value.text == "杭州市市场监督管理局" and value.confidence < 0.99


def test_spaces_inside_labels_and_quotes_round_values_are_ignored():
    r = result(line("出租方 (甲方) : 胡欣", 118, 234), line("承租方 (乙方) : 孙建", 118, 342),
               line("身份证号码 : 610113196712164950", 120, 400), width=1240, height=1754)
    fields = extract(doctypes.LEASE_CONTRACT, r)
    assert fields["lessor_name"].value == "胡欣" and fields["lessee_name"].value == "孙建"
    r = result(line("签发机关", 150, 380), line("”济南市公安局历下区分局|", 330, 374), width=856, height=540)
    assert extract(doctypes.ID_CARD_BACK, r)["issuing_authority"].value == "济南市公安局历下区分局"


def test_a_label_overlapping_the_previous_value_still_ends_it():
    # Proportional boxes are approximate: 民族's box starts inside the birthplace value's box.
    r = result(line("出生地", 61, 264), line("山东省济南市历下区", 272, 269, width=228),
               line("民族", 486, 269, width=68), line("回", 707, 267))
    fields = extract(doctypes.HUKOU_MEMBER, r)
    assert fields["birthplace"].value == "山东省济南市历下区" and fields["ethnicity"].value == "回"


def test_id_number_found_without_its_label_and_fills_missing_gender_and_birth():
    r = result(line("姓名", 60, 56), line("张三", 170, 50), line(ID, 300, 444), width=856, height=540)
    fields = extract(doctypes.ID_CARD_FRONT, r)
    assert fields["id_number"].value == ID
    assert fields["gender"].value == "女" and fields["gender"].note == "from the ID number"
    assert fields["birth_date"].value == "1949-12-31"


def _rotated(r, degrees):
    import math

    from ocr.types import OcrLine, OcrResult

    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    turn = lambda p: (p[0] * c - p[1] * s, p[0] * s + p[1] * c)   # noqa: E731
    lines = tuple(OcrLine(l.text, l.confidence, tuple(turn(p) for p in l.box)) for l in r.lines)
    return OcrResult(lines, r.width, r.height, r.engine)


@pytest.mark.parametrize("degrees", [-4, 4])
def test_rotated_page_keeps_labels_and_values_on_their_rows(degrees):
    r = result(line("姓名", 61, 121), line("黄桂", 264, 123), line("户主或与户主关系", 507, 130, width=167),
               line("父亲", 701, 124), line("性别", 500, 194), line("男", 704, 195), line("出生地", 64, 267),
               line("江苏省苏州市虎丘区", 272, 270, width=230), line("民族", 506, 269), line("汉", 701, 264),
               line("出生日期", 502, 333), line("1949年12月31日", 711, 337),
               line("公民身份证件编号", 70, 411, width=161), line(ID, 271, 411))
    assert values(extract(doctypes.HUKOU_MEMBER, _rotated(r, degrees))) == {
        "name": "黄桂", "relation": "父亲", "gender": "男", "ethnicity": "汉", "birth_date": "1949-12-31",
        "birthplace": "江苏省苏州市虎丘区", "id_number": ID}


def test_letter_spaced_labels_read_as_one_label():
    # 名　　称 and 经 营 者 come back one box per character on the 副本 of a 个体工商户
    r = result(line("名", 100, 400), line("称", 250, 400), line("和平区闫昕五金店", 400, 400),
               line("经", 100, 460), line("营", 160, 460), line("者", 220, 460), line("闫昕彦", 400, 460),
               line("组成形式", 100, 520), line("家庭经营", 400, 520),
               line("经营场", 900, 400), line("所", 1000, 400), line("天津市和平区金水东路50号1号楼", 1100, 400),
               line("657室", 1100, 445), line("注册日期", 900, 520), line("2008年12月16日", 1100, 520),
               width=1782, height=1260)
    assert values(extract(doctypes.BUSINESS_LICENCE, r)) == {
        "company_name": "和平区闫昕五金店", "legal_representative": "闫昕彦", "composition": "家庭经营",
        "address": "天津市和平区金水东路50号1号楼657室", "established_date": "2008-12-16"}


def test_scope_is_followed_to_the_next_label_in_full_width_punctuation():
    r = result(line("经营范围", 100, 400), line("一般项目:餐饮服务;食品销售;技术服务、", 400, 400),
               line("技术开发(除依法须经批准的项目外)。", 400, 445), line("登记机关", 900, 600),
               width=1782, height=1260)
    assert values(extract(doctypes.BUSINESS_LICENCE, r))["business_scope"] == \
        "一般项目：餐饮服务；食品销售；技术服务、技术开发（除依法须经批准的项目外）"


def test_two_line_label_of_the_household_register():
    # 户主或与 / 户主关系 and 公民身份 / 证件编号 are printed on two lines in one cell
    r = result(line("户主或与", 600, 100, height=26), line("户主关系", 600, 120, height=26), line("长女", 800, 112),
               line("姓", 60, 112), line("名", 140, 112), line("闫昕彦", 220, 106),
               line("公民身份", 600, 300, height=26), line("证件编号", 600, 318, height=26),
               line("620102200402190661", 800, 318))
    got = values(extract(doctypes.HUKOU_MEMBER, r))
    assert got["relation"] == "长女" and got["name"] == "闫昕彦" and got["id_number"] == "620102200402190661"


def test_a_label_word_inside_an_address_is_part_of_it():
    r = result(line("姓名钟桐", 60, 56), line("性别女民族汉", 60, 122), line("住址", 60, 254),
               line("湖南省长沙市岳麓区民族大道53号6", 170, 248), line("号楼2230室", 170, 292),
               line("公民身份号码", 60, 452), line("430104195501190505", 300, 444), width=856, height=540)
    got = values(extract(doctypes.ID_CARD_FRONT, r))
    assert got["address"] == "湖南省长沙市岳麓区民族大道53号6号楼2230室" and got["ethnicity"] == "汉"


def test_half_of_a_spaced_label_before_its_value():
    r = result(line("名称 兰州汇通餐饮管理有限公司", 186, 544), line("型 有限责任公司（自然人独资）", 257, 598),
               width=2175, height=1652)
    assert values(extract(doctypes.BUSINESS_LICENCE, r))["business_type"] == "有限责任公司（自然人独资）"


def test_a_label_repeated_at_the_end_of_an_address_line_is_part_of_the_address():
    # the card wraps its address after 民族 of 民族大道; the 民族 label stands on the row above
    r = result(line("姓名钟桐", 60, 56), line("性别女", 60, 122), line("民族汉", 300, 122), line("住址", 60, 254),
               line("湖南省长沙市岳麓区民族", 170, 248), line("大道53号6号楼2230室", 170, 292),
               line("公民身份号码", 60, 452), line("430104195501190505", 300, 444), width=856, height=540)
    got = values(extract(doctypes.ID_CARD_FRONT, r))
    assert got["address"] == "湖南省长沙市岳麓区民族大道53号6号楼2230室" and got["ethnicity"] == "汉"


def test_second_half_of_a_spaced_label_glued_to_its_value():
    r = result(line("姓名魯蔚湛", 60, 56), line("址天津市和平区五一北路1", 120, 248), line("88号附10号", 170, 292),
               line("公民身份号码", 60, 452), width=856, height=540)
    got = values(extract(doctypes.ID_CARD_FRONT, r))
    assert got["address"] == "天津市和平区五一北路188号附10号" and got["name"] == "鲁蔚湛"


def test_a_spaced_label_read_whole_in_one_box_is_not_doubled():
    r = result(line("住 址 天津市和平区五一北路1", 63, 224), line("88号附10号", 173, 269), line("公民身份号码", 60, 410),
               width=856, height=540)
    assert values(extract(doctypes.ID_CARD_FRONT, r))["address"] == "天津市和平区五一北路188号附10号"


def test_a_lone_first_character_of_a_label_before_its_value():
    r = result(line("名", 186, 544), line("兰州汇通餐饮管理有限公司", 330, 539), width=2175, height=1652)
    assert values(extract(doctypes.BUSINESS_LICENCE, r))["company_name"] == "兰州汇通餐饮管理有限公司"
