"""容缺受理 (accept now, supply non-key materials later) and 告知承诺 (a commitment instead of a proof).

Pure domain logic: storage and the scheduler that ends overdue applications are wired elsewhere.
Sources: city 容缺 rules (Xi'an, Fuxin) and 国办发〔2020〕42号 on 告知承诺 (see specs/prereview.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Iterable

from .catalog.schema import Matter
from .facts import NO_COMMITMENT_FLAGS, NO_DEFERRAL_FLAGS, CaseFacts

if TYPE_CHECKING:   # the pre-review itself checks these flags, so it cannot be imported here at run time
    from .prereview import Review

_DEFERRABLE_GAPS = frozenset({"completeness.missing_material"})


@dataclass(frozen=True)
class DeferralOffer:
    """What the kiosk may offer: accept now with these materials supplied within ``days`` days."""

    matter_id: str
    material_ids: tuple[str, ...]
    days: int


@dataclass(frozen=True)
class Deferral:
    """An accepted application still owing materials (as storage keeps it)."""

    application_id: str
    material_ids: tuple[str, ...]
    deadline: date
    supplied: frozenset[str] = frozenset()

    @property
    def outstanding(self) -> tuple[str, ...]:
        return tuple(m for m in self.material_ids if m not in self.supplied)


def deferral_offer(matter: Matter, review: Review, facts: CaseFacts) -> DeferralOffer | None:
    """The 容缺 offer for this case, or None when 容缺 cannot apply.

    Offered only when the only blocking problems are missing materials that the matter lets be
    deferred (so key materials are complete and basic conditions met), and the applicant has no
    bad-credit or broken-commitment flag.
    """
    if not review.deferrable_missing or facts.applicant_flags & NO_DEFERRAL_FLAGS:
        return None
    coverable = set(review.deferrable_missing) | set(review.replaceable_missing)
    for finding in review.blocking:
        if finding.rule_id not in _DEFERRABLE_GAPS or finding.material_id not in coverable:
            return None
    return DeferralOffer(matter.id, review.deferrable_missing, matter.promised_days)


def deferral_deadline(matter: Matter, submitted_at: datetime | date) -> date:
    """Last day to supply deferred materials: the matter's promised time, counted in calendar days.

    Service guides promise working days; calendar days are never longer, so the notice never
    gives more time than the matter's promised processing time.
    """
    day = submitted_at.date() if isinstance(submitted_at, datetime) else submitted_at
    return day + timedelta(days=matter.promised_days)


def overdue(deferrals: Iterable[Deferral], now: datetime | date) -> list[Deferral]:
    """Applications whose deadline has passed with materials still owed: they are to be terminated."""
    today = now.date() if isinstance(now, datetime) else now
    return [d for d in deferrals if d.outstanding and d.deadline < today]


def notice_text(matter: Matter, deferred_ids: Iterable[str], deadline: date, lang: str = "zh-CN") -> str:
    """The one written notice of 容缺受理: what is missing, how to supply it, and by when."""
    specs = [matter.material(m) for m in deferred_ids]
    en = lang.lower().startswith("en")
    if en:
        lines = [f"Notice of acceptance with materials to follow — {matter.name.en}", "",
                 "Your application has been accepted. The following materials are still required:"]
        lines += [f"  {i}. {s.name.en}: {s.description.en}" for i, s in enumerate(specs, 1)]
        lines += ["", f"Supply them by {deadline.isoformat()} at the service hall or through the "
                      "self-service locker, quoting your application number.",
                  "If they are not supplied by that date, the application ends and must be made again."]
    else:
        lines = [f"容缺受理告知书 —— {matter.name.zh}", "",
                 "您的申请已容缺受理，尚需补交以下材料："]
        lines += [f"  {i}. {s.name.zh}：{s.description.zh}" for i, s in enumerate(specs, 1)]
        lines += ["", f"请于{deadline.year}年{deadline.month}月{deadline.day}日前到服务大厅窗口或通过自助柜"
                      "凭申请编号补交。",
                  "逾期未补交的，本次申请终止办理，需重新申请。"]
    return "\n".join(lines)


def commitment_allowed(facts: CaseFacts) -> bool:
    """告知承诺 is not offered to flagged applicants or in high-risk cases."""
    return not facts.applicant_flags & NO_COMMITMENT_FLAGS


def commitment_text(matter: Matter, material_id: str, lang: str = "zh-CN") -> str:
    """The written commitment the applicant signs instead of supplying ``material_id``."""
    spec = matter.material(material_id)
    if not spec.replaceable or spec.commitment is None:
        raise ValueError(f"{material_id!r} of {matter.id!r} cannot be replaced by a commitment")
    if lang.lower().startswith("en"):
        return "\n".join([
            f"Written commitment — {matter.name.en}", "",
            f"In place of \"{spec.name.en}\", I commit: {spec.commitment.en}",
            "I understand that this will be verified afterwards by sampling. A false commitment "
            "revokes the decision, is recorded in my credit file, and I bear the legal liability.",
        ])
    return "\n".join([
        f"告知承诺书 —— {matter.name.zh}", "",
        f"本人以承诺代替提交“{spec.name.zh}”，承诺如下：{spec.commitment.zh}",
        "本人知晓行政机关将进行事后核查抽查；如承诺不实，将撤销办理结果，记入信用记录，并依法承担相应法律责任。",
    ])
