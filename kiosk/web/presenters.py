"""Domain state shaped for the screens: labels in the citizen's language, no logic of its own."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from kiosk.domain import provenance, states
from kiosk.domain.masking import mask_id
from kiosk.web import text_lang
from ocr import doctypes, ids

STATE_LABELS = {
    states.DRAFT: _l("填写中"),
    states.IDENTIFIED: _l("已核验身份"),
    states.CAPTURED: _l("材料已采集"),
    states.PREREVIEWED: _l("已预审"),
    states.SUBMITTED: _l("已提交"),
    states.WAITING_STAFF: _l("等待工作人员审核"),
    states.WAITING_ORIGINALS: _l("等待递交纸质原件"),
    states.SUPPLEMENT_REQUESTED: _l("需要补充材料"),
    states.APPROVED: _l("已办结（通过）"),
    states.REJECTED: _l("不予受理"),
    states.COMPLETED: _l("已完成"),
    states.TERMINATED: _l("已终止"),
}

INSTANTLY_APPROVED = _l("已即时办结，结果将按您选择的方式送达。")
NEXT_STEPS = {
    states.APPROVED: _l("审核已通过，结果将按您选择的方式送达。"),
    states.WAITING_STAFF: _l("工作人员将在承诺时限内审核，请凭回执查询进度。"),
    states.WAITING_ORIGINALS: _l("请将纸质原件放入智能柜，工作人员收到后审核。"),
    states.SUPPLEMENT_REQUESTED: _l("请按要求补充材料。"),
    states.REJECTED: _l("申请未通过，原因见办理记录。"),
    states.COMPLETED: _l("办理已完成。"),
    states.TERMINATED: _l("申请已终止，原因见办理记录。"),
}

DOC_TYPE_LABELS = {
    doctypes.ID_CARD_FRONT: _l("身份证人像面"), doctypes.ID_CARD_BACK: _l("身份证国徽面"),
    doctypes.HUKOU_COVER: _l("户口簿封面"), doctypes.HUKOU_INDEX: _l("户口簿首页"),
    doctypes.HUKOU_MEMBER: _l("户口簿常住人口登记卡"), doctypes.BUSINESS_LICENCE: _l("营业执照"),
    doctypes.MARRIAGE_CERTIFICATE: _l("结婚证"), doctypes.BIRTH_CERTIFICATE: _l("出生医学证明"),
    doctypes.LEASE_CONTRACT: _l("房屋租赁合同"), doctypes.PROPERTY_CERTIFICATE: _l("不动产权证书"),
    doctypes.PHOTO_1INCH: _l("一寸照片"), doctypes.PASSPORT: _l("护照"), doctypes.UNKNOWN: _l("无法确定的材料"),
}

# Names of extracted fields as the citizen reads them (keys: ocr.doctypes.FIELDS).
FIELD_LABELS = {
    "address": _l("地址"),
    "area": _l("面积"),
    "birth_date": _l("出生日期"),
    "birth_place": _l("出生地点"),
    "birthplace": _l("出生地"),
    "business_type": _l("类型"),
    "certificate_number": _l("证书编号"),
    "child_gender": _l("新生儿性别"),
    "child_name": _l("新生儿姓名"),
    "company_name": _l("名称"),
    "document_number": _l("证件号码"),
    "end_date": _l("截止日期"),
    "established_date": _l("成立日期"),
    "ethnicity": _l("民族"),
    "expiry_date": _l("有效期至"),
    "father_id_number": _l("父亲身份证号"),
    "father_name": _l("父亲姓名"),
    "gender": _l("性别"),
    "given_names": _l("名"),
    "household_head": _l("户主姓名"),
    "household_number": _l("户号"),
    "household_type": _l("户别"),
    "husband_id_number": _l("男方身份证号"),
    "husband_name": _l("男方姓名"),
    "id_number": _l("身份证号"),
    "issuing_authority": _l("签发机关"),
    "legal_representative": _l("法定代表人"),
    "lessee_id_number": _l("承租方身份证号"),
    "lessee_name": _l("承租方"),
    "lessor_name": _l("出租方"),
    "mother_id_number": _l("母亲身份证号"),
    "mother_name": _l("母亲姓名"),
    "name": _l("姓名"),
    "nationality": _l("国籍"),
    "owner_id_number": _l("权利人身份证号"),
    "owner_name": _l("权利人"),
    "registered_capital": _l("注册资本"),
    "registration_date": _l("登记日期"),
    "relation": _l("与户主关系"),
    "sex": _l("性别"),
    "start_date": _l("起始日期"),
    "surname": _l("姓"),
    "uscc": _l("统一社会信用代码"),
    "valid_from": _l("有效期起"),
    "valid_until": _l("有效期至"),
    "wife_id_number": _l("女方身份证号"),
    "wife_name": _l("女方姓名"),
}

SEVERITY_LABELS = {"block": _l("必须修改"), "staff": _l("工作人员复核"), "info": _l("提示")}

# Rule families of the pre-review (kiosk.domain.prereview.engine), as staff read them.
CATEGORY_LABELS = {
    "completeness": _l("材料齐全"), "quality": _l("图像质量"), "type": _l("材料类型"),
    "consistency": _l("信息一致"), "validity": _l("有效期限"), "format": _l("格式校验"),
    "marks": _l("印章签名"), "jurisdiction": _l("属地管辖"), "eligibility": _l("申请条件"),
}

ROLE_LABELS = {"reviewer": _l("审核人员"), "locker_operator": _l("智能柜管理员"), "supervisor": _l("主管"),
               "admin": _l("系统管理员")}

ORIGIN_LABELS = {provenance.CHIP: _l("身份证芯片"), provenance.MATERIAL: _l("材料识别"),
                 provenance.TYPED: _l("本人填写"), provenance.EDITED: _l("本人修改")}

# Findings whose value_read is a measure or a code, not something a person can check.
_NOT_A_READING = ("quality", "completeness", "jurisdiction")


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def next_step(app) -> str:
    """What happens next; "已即时办结" only for a case the rules approved without a person (秒办)."""
    # Only the approval at once (秒办) flags a case for sampling at submission.
    if app.state == states.APPROVED and "sampling" in (app.flags or ()):
        return str(INSTANTLY_APPROVED)
    return str(NEXT_STEPS.get(app.state, ""))


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def actor_label(actor: str) -> str:
    """citizen / system / staff:li as people read them."""
    if actor.startswith("staff:"):
        return str(_l("工作人员 %(name)s", name=actor.removeprefix("staff:")))
    return str({"citizen": _l("申请人"), "system": _l("系统")}.get(actor, actor))


# The reasons the kiosk itself writes on a transition (kiosk.services), as staff read them;
# staff's own reasons and the Chinese ones are shown as they were written.
_SYSTEM_REASONS = (
    (re.compile(r"card read"), _l("已读取身份证")),
    (re.compile(r"retook (?P<material>\S+) page (?P<page>\d+)"), _l("重新拍摄材料（第 %(page)s 页）")),
    (re.compile(r"pre-review: (?P<outcome>\w+), (?P<n>\d+) findings"), _l("智能预审：%(n)s 项发现")),
    (re.compile(r"submitted at kiosk (?P<kiosk>\S+)"), _l("在自助终端 %(kiosk)s 提交")),
    (re.compile(r"approved at once \(秒办\)"), _l("即时办结（秒办）")),
    (re.compile(r"paper originals to be handed in"), _l("待递交纸质原件")),
    (re.compile(r"staff re-check \((?P<n>\d+) findings\)"), _l("转工作人员复核（%(n)s 项发现）")),
    (re.compile(r"originals found in the locker book"), _l("智能柜记录显示原件已放入")),
    (re.compile(r"originals in locker (?P<where>\S+)"), _l("原件已放入智能柜 %(where)s")),
    (re.compile(r"originals checked by staff"), _l("工作人员已核收原件")),
    (re.compile(r"result picked up from locker (?P<where>\S+)"), _l("已从智能柜 %(where)s 取走办理结果")),
)


def reason_label(reason: str) -> str:
    for pattern, label in _SYSTEM_REASONS:
        match = pattern.fullmatch(reason or "")
        if match:
            return str(label) % match.groupdict()
    return reason


def material_name(matter, material_id: str | None) -> str:
    spec = next((m for m in matter.materials if m.id == material_id), None)
    return spec.name.get(text_lang()) if spec else (material_id or "")


def form_value(f, value: str) -> str:
    """A form value as a person reads it: a choice by its label, an ID number masked."""
    if f.type == "choice":
        return next((c.label.get(text_lang()) for c in f.choices if c.value == value), value)
    return mask_id(value) if f.type == "id_number" and value else value


def source_label(matter, prefill: str | None) -> str:
    """Where a field is filled from: the chip, or the material by its name."""
    kind, _, rest = (prefill or "").partition(".")
    if kind == "card":
        return str(ORIGIN_LABELS[provenance.CHIP])
    if kind == "material":
        return material_name(matter, rest.partition(".")[0])
    return ""


def origin_label(matter, origin: dict | None) -> str:
    """How a form value came about: read from the chip or a material, typed, or changed by the citizen."""
    if not origin:
        return ""
    kind = origin.get("kind", "")
    if kind == provenance.MATERIAL:
        return source_label(matter, origin.get("source"))
    return str(ORIGIN_LABELS.get(kind, kind))


def shown_reading(finding: dict) -> str | None:
    """What a finding read, as the citizen can check it: a date, a name, a material's type —
    no measures or codes; only identity numbers are masked."""
    value = finding.get("value_read")
    rule = finding.get("rule_id") or ""
    if not value or finding.get("category") in _NOT_A_READING or rule == "validity.date_order":
        return None
    if finding.get("category") == "type":
        return str(DOC_TYPE_LABELS.get(value, value))
    return mask_id(value) if ids.id_number_valid(value) else value


def material_status(matter, app) -> list[dict]:
    """Each material with its pages: captured or not, and what OCR made of each."""
    pages = {(p.material_id, p.page_no): p for p in app.pages}
    committed = {mid for c in app.commitments for mid in c.material_ids}
    out = []
    for spec in matter.materials:
        labels = [label.get(text_lang()) for label in spec.pages] or [""]
        rows = []
        for number, label in enumerate(labels, start=1):
            page = pages.get((spec.id, number))
            rows.append({"page_no": number, "label": label, "page": page,
                         "status": page.ocr_status if page else "missing"})
        out.append({"spec": spec, "pages": rows, "committed": spec.id in committed,
                    "complete": all(r["page"] is not None for r in rows)})
    return out


def review_view(matter, app) -> dict:
    """Findings grouped by material, each with the page it points at."""
    findings = (app.review or {}).get("findings", [])
    pages = {(p.material_id, p.page_no): p for p in app.pages}
    names = {m.id: m.name.get(text_lang()) for m in matter.materials}
    groups: dict[str, list] = {}
    for f in findings:
        key = f.get("material_id") or ""
        page = pages.get((key, f.get("page") or 1)) if key else None
        reading = page.reading if page is not None else None
        groups.setdefault(key, []).append({
            **f, "text": f["message"]["en" if text_lang() == "en" else "zh"], "shown": shown_reading(f),
            "severity_label": str(SEVERITY_LABELS.get(f["severity"], f["severity"])),
            "page_obj": page, "width": (reading or {}).get("width"), "height": (reading or {}).get("height"),
        })
    ordered = [{"material_id": k, "name": names.get(k, str(_l("申请信息"))), "findings": v}
               for k, v in sorted(groups.items(), key=lambda kv: (kv[0] != "", kv[0]))]
    blocking = sum(1 for f in findings if f["severity"] == "block")
    return {"groups": ordered, "blocking": blocking, "outcome": (app.review or {}).get("outcome"),
            "count": len(findings)}


def progress_view(app) -> dict:
    history = [{"at": t.at, "to": state_label(t.to_state), "reason": t.reason if t.actor.startswith("staff:") else ""}
               for t in app.transitions if t.to_state not in states.UNSUBMITTED]
    return {"state": state_label(app.state), "next_step": next_step(app), "history": history,
            "result": result_view(app)}


DECIDED = (states.APPROVED, states.REJECTED, states.SUPPLEMENT_REQUESTED, states.COMPLETED, states.TERMINATED)


def result_view(app) -> dict | None:
    """The desk's decision as the citizen sees it: outcome, reason, supplement deadline, pickup.

    ``pickup`` comes from the ``Services.pickup_instructions`` hook (the locker side) when it is set.
    """
    from kiosk.wiring import services

    if app.state not in DECIDED:
        return None
    decision = next((t for t in reversed(app.transitions) if t.to_state == app.state), None)
    supplement = (services().applications.supplement_request(app.id)
                  if app.state == states.SUPPLEMENT_REQUESTED else None)
    hook = services().pickup_instructions
    return {"label": state_label(app.state), "state": app.state,
            "at": decision.at if decision else None,
            # Staff write their reasons for the citizen; a termination says which deadline passed.
            "reason": decision.reason if decision and (decision.actor.startswith("staff:")
                                                       or app.state == states.TERMINATED) else "",
            "deadline": supplement.deadline if supplement else None,
            "revoked": "revoked" in (app.flags or ()),
            "pickup": hook(app) if callable(hook) else None}


def doc_type_labels() -> dict[str, str]:
    return {k: str(v) for k, v in DOC_TYPE_LABELS.items()}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))
