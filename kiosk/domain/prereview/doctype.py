"""Document type: each page is the document the material asks for (an ID back is not a hukou page).

A wrong page is named: the citizen hears what was recognised and what the matter needs.
"""
from __future__ import annotations

from typing import Iterator

from ocr import doctypes

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding

# Below this the classifier is unsure: a person looks at the page instead of the citizen re-capturing.
TYPE_CONFIDENCE = 0.8

DOC_NAMES = {
    doctypes.ID_CARD_FRONT: Text(zh="身份证人像面", en="the photo side of an ID card"),
    doctypes.ID_CARD_BACK: Text(zh="身份证国徽面", en="the emblem side of an ID card"),
    doctypes.HUKOU_COVER: Text(zh="户口簿封面", en="a household register cover"),
    doctypes.HUKOU_INDEX: Text(zh="户口簿户主页", en="a household register's head-of-household page"),
    doctypes.HUKOU_MEMBER: Text(zh="户口簿常住人口登记卡", en="a household register member page"),
    doctypes.BUSINESS_LICENCE: Text(zh="营业执照", en="a business licence"),
    doctypes.MARRIAGE_CERTIFICATE: Text(zh="结婚证", en="a marriage certificate"),
    doctypes.BIRTH_CERTIFICATE: Text(zh="出生医学证明", en="a medical certificate of birth"),
    doctypes.LEASE_CONTRACT: Text(zh="房屋租赁合同", en="a lease"),
    doctypes.PROPERTY_CERTIFICATE: Text(zh="不动产权证书", en="a property certificate"),
    doctypes.PHOTO_1INCH: Text(zh="一寸照片", en="a 1-inch photo"),
    doctypes.PASSPORT: Text(zh="护照", en="a passport"),
    doctypes.UNKNOWN: Text(zh="无法确定的材料", en="a document that could not be recognised"),
}


def _names(types, lang: str) -> str:
    names = [getattr(DOC_NAMES[t], lang) for t in types if t in DOC_NAMES]
    return ("或" if lang == "zh" else " or ").join(names)


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for ref in ctx.pages:
        spec, reading, number = ref.material, ref.reading, ref.page.page_no
        page_spec = spec.pages[number - 1] if 0 < number <= len(spec.pages) else None
        expected = (page_spec.doc_type,) if page_spec is not None and page_spec.doc_type else spec.doc_types
        wanted = page_spec.zh if page_spec is not None else spec.name.zh
        wanted_en = page_spec.en if page_spec is not None else spec.name.en
        if reading.doc_type not in expected:
            seen = DOC_NAMES.get(reading.doc_type, DOC_NAMES[doctypes.UNKNOWN])
            yield Finding("type.mismatch", "type", "block", Text(
                zh=f"“{spec.name.zh}”第{number}页识别为{seen.zh}，本事项需要的是{_names(expected, 'zh')}"
                   f"（{wanted}），请放入正确的材料或翻到正确的页面。",
                en=f"Page {number} of \"{spec.name.en}\" looks like {seen.en}; this matter needs "
                   f"{_names(expected, 'en')} ({wanted_en}). Place the right document or turn to the right page."),
                material_id=spec.id, page=number, value_read=reading.doc_type,
                confidence=reading.type_confidence, expected=", ".join(expected))
        elif reading.type_confidence < TYPE_CONFIDENCE:
            yield Finding("type.uncertain", "type", "staff", Text(
                zh=f"无法确定“{spec.name.zh}”第{number}页是否为{wanted}，将由工作人员核对。",
                en=f"Page {number} of \"{spec.name.en}\" may not be the {wanted_en}; staff will check it."),
                material_id=spec.id, page=number, value_read=reading.doc_type,
                confidence=reading.type_confidence, expected=", ".join(expected))
