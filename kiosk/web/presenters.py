"""Domain state shaped for the screens: labels in the citizen's language, no logic of its own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kiosk.domain import states
from kiosk.web import text_lang
from ocr import doctypes

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

NEXT_STEPS = {
    states.APPROVED: _l("已即时办结，结果将按您选择的方式送达。"),
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


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def next_step(state: str) -> str:
    return str(NEXT_STEPS.get(state, ""))


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
            **f, "text": f["message"]["en" if text_lang() == "en" else "zh"],
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
    return {"state": state_label(app.state), "next_step": next_step(app.state), "history": history,
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
