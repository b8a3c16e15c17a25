"""The receipt as data for the printer, and its QR code for the screen."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import current_app, request, url_for
from flask_babel import force_locale, gettext as _

from devices.printer.base import Receipt, ReceiptLine
from kiosk.domain.masking import mask_name
from kiosk.web.presenters import next_step, state_label


def progress_url(app) -> str:
    # Unset: the address this request came to (``python -m kiosk`` fills it in from its port).
    base = (current_app.config["PUBLIC_BASE_URL"] or request.host_url).rstrip("/")
    return base + url_for("citizen.progress", number=app.number, t=app.access_token)


def build_receipt(app, matter) -> Receipt:
    """Receipt in the language the citizen used; the applicant's name masked."""
    with force_locale(app.language or "zh_CN"):
        lang = "en" if app.language == "en" else "zh-CN"
        lines = [
            ReceiptLine(_("受理编号：%(number)s", number=app.number), bold=True),
            ReceiptLine(_("事项：%(name)s", name=matter.name.get(lang))),
            ReceiptLine(_("申请人：%(name)s", name=mask_name(app.applicant_name))),
            ReceiptLine(_("提交时间：%(time)s", time=app.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M"))),
            ReceiptLine(_("状态：%(state)s", state=state_label(app.state))),
        ]
        if app.due_date:
            lines.append(ReceiptLine(_("承诺办结日期：%(date)s", date=app.due_date.isoformat())))
        lines.append(ReceiptLine(_("下一步：%(step)s", step=next_step(app))))
        for c in app.commitments:
            if c.kind == "deferral" and c.deadline:
                lines.append(ReceiptLine(_("容缺材料请于 %(date)s 前补交", date=c.deadline.isoformat()), bold=True))
                # The signed 容缺 notice itself: what is missing and how to supply it.
                lines.extend(ReceiptLine(text) for text in c.text.splitlines() if text.strip())
        return Receipt(title=_("政务服务受理回执"), lines=lines, qr=progress_url(app),
                       footer=[ReceiptLine(_("扫码查询办理进度"), align="center")])


def receipt_qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buf = io.BytesIO()
    image.save(buf)
    return buf.getvalue().decode()
