"""The desk shows people's words, not codes: categories, roles, actors, materials, choices, reasons."""
from __future__ import annotations

import re

from kiosk.domain import states
from tests.kiosk.desk.conftest import finding, login, make_case
from tests.kiosk.desk.test_decisions import submitted  # noqa: F401 (fixture)


def visible_text(html: str) -> str:
    """What a person reads: the page without tags, attributes and scripts. The audit record
    (folded away) is shown verbatim on purpose: it is the hash-chained evidence itself."""
    html = re.sub(r"<(script|style|details)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_case_reads_in_words(client, services, staff, submitted):
    login(client, "li")
    text = visible_text(client.get(f"/staff/case/{submitted.id}").get_data(as_text=True))
    for code in ("card read", "citizen", "system", "reviewer", "residence_proof", "employment_proof",
                 "card.name", "material.residence_proof", "staff re-check", "submitted at kiosk"):
        assert code not in text, code
    assert "已读取身份证" in text and "申请人" in text and "系统" in text and "审核人员" in text
    assert "居住证明" in text and "合法稳定就业" in text        # the material's name, the choice's label
    assert "身份证芯片" in text and "本人填写" in text          # where the form's values came from


def test_choice_values_and_categories_have_labels(client, services, staff):
    case = make_case(services, matter="seal_engraving", form={"seal_kind": "official", "seal_maker": "xihu_01"},
                     findings=[finding("completeness.missing_material", "completeness", material_id="id_card",
                                       message={"zh": "缺少身份证", "en": "The ID card is missing."})])
    login(client, "li")
    text = visible_text(client.get(f"/staff/case/{case}").get_data(as_text=True))
    assert "official" not in text and "xihu_01" not in text and "completeness" not in text
    assert "单位公章" in text and "西湖区备案刻章点（文三路）" in text and "材料齐全" in text
    queue = visible_text(client.get("/staff/queue").get_data(as_text=True))
    assert "completeness" not in queue and "材料齐全" in queue


def test_approval_by_staff_is_not_called_instant(client, services, staff, submitted):
    login(client, "li")
    client.post(f"/staff/case/{submitted.id}/decide", data={"decision": "approve", "reason": ""})
    assert services.applications.get(submitted.id).state == states.APPROVED
    page = client.get(f"/progress/{submitted.number}?t={submitted.access_token}").get_data(as_text=True)
    assert "已即时办结" not in page and "审核已通过" in page
