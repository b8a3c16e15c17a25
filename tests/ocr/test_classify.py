"""Document classification from keywords (with OCR errors) and the ID-photo image cue."""
import numpy as np
import pytest

from ocr import doctypes
from ocr.classify import UNKNOWN_BELOW, classify, photo_likeness
from ocr.synth import render
from tests.ocr.samples_helpers import line, result

PAGES = {
    doctypes.ID_CARD_FRONT: ["姓名张三", "性别男", "民族汉", "出生1990年1月2日", "住址北京市朝阳区", "公民身份号码",
                             "11010519491231002X"],
    doctypes.ID_CARD_BACK: ["中华人民共和国", "居民身份证", "签发机关", "杭州市公安局", "有效期限", "2015.03.01-长期"],
    doctypes.HUKOU_COVER: ["居民户口簿", "中华人民共和国公安部监制"],
    doctypes.HUKOU_INDEX: ["户口簿", "户别", "家庭户", "户主姓名", "李四", "户号", "515584441", "住址"],
    doctypes.HUKOU_MEMBER: ["常住人口登记卡", "姓名", "户主或与户主关系", "曾用名", "性别", "出生地", "民族", "籍贯",
                            "出生日期", "公民身份证件编号"],
    doctypes.BUSINESS_LICENCE: ["营业执照", "统一社会信用代码", "91350100M000100Y43", "名称", "类型", "法定代表人",
                                "注册资本", "成立日期", "住所"],
    doctypes.MARRIAGE_CERTIFICATE: ["结婚证", "持证人朱雨", "登记日期", "结婚证字号", "姓名", "国籍 中国"],
    doctypes.BIRTH_CERTIFICATE: ["出生医学证明", "新生儿姓名赵子浩", "出生时间", "出生地点", "母亲姓名", "父亲姓名"],
    doctypes.LEASE_CONTRACT: ["房屋租赁合同", "出租方（甲方）：马华梅", "承租方（乙方）：陈晓", "第三条 月租金为人民币4500元"],
    doctypes.PROPERTY_CERTIFICATE: ["川（2021）成都市不动产权第4894109号", "权利人", "共有情况", "坐落", "不动产单元号"],
    doctypes.PASSPORT: ["护照 PASSPORT", "P<CHNHU<<JIAQI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
                        "E090742512CHN9803215M3002197<<<<<<<<<<<<<<<0"],
}


def page(texts):
    return result(*(line(t, 50, 40 + 50 * i) for i, t in enumerate(texts)))


@pytest.mark.parametrize("doc_type", sorted(PAGES))
def test_every_type_from_its_words(doc_type):
    got, confidence = classify(page(PAGES[doc_type]))
    assert got == doc_type
    assert confidence >= 0.6


# One character misread in each keyword: the fuzzy match still finds them.
@pytest.mark.parametrize("doc_type, texts", [
    (doctypes.BUSINESS_LICENCE, ["营业执熙", "统一社会信用代玛", "注册资木", "经营范国"]),
    (doctypes.ID_CARD_BACK, ["居民身份正", "签发机美", "有效期限"]),
    (doctypes.HUKOU_MEMBER, ["常住人口登记长", "户主或与户主关糸", "曾用名", "籍贯"]),
])
def test_keywords_with_ocr_errors(doc_type, texts):
    assert classify(page(texts))[0] == doc_type


def test_unrelated_text_is_unknown():
    doc_type, confidence = classify(page(["今天天气很好", "欢迎光临", "Hello world"]))
    assert doc_type == doctypes.UNKNOWN and confidence < UNKNOWN_BELOW


def test_empty_page_without_image_is_unknown():
    assert classify(result())[0] == doctypes.UNKNOWN


def test_one_weak_keyword_is_not_enough():
    assert classify(page(["甲方", "收据"]))[0] == doctypes.UNKNOWN


@pytest.mark.parametrize("variant", ["clean", "jpeg", "uneven_light", "desk"])
def test_photo_from_the_image(variant):
    image = render(doctypes.PHOTO_1INCH, 4, variant).image
    assert classify(result(), image)[0] == doctypes.PHOTO_1INCH


def test_text_pages_and_noise_are_not_photos():
    for doc_type in (doctypes.ID_CARD_FRONT, doctypes.LEASE_CONTRACT):
        assert photo_likeness(render(doc_type, 4).image) == 0.0
    noise = np.random.default_rng(1).integers(0, 255, (413, 295, 3), dtype=np.uint8)
    assert classify(result(), noise)[0] == doctypes.UNKNOWN
