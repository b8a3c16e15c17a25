"""代办: someone applying for the applicant, where the matter allows it.

The agent's own card is read from its chip (valid, and not the applicant's); the applicant is the
person the form names, checked against the applicant's ID card captured as a material, and the
matter's authorisation material (委托书) is asked for through its ``required_when``.
"""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from ..compare import same_id_number
from ..masking import mask_id
from .context import ReviewContext
from .findings import Finding


def check(ctx: ReviewContext) -> Iterator[Finding]:
    agent = ctx.facts.agent
    if agent is None:
        return
    matter = ctx.matter
    if not matter.agent_allowed:
        yield Finding("agency.not_allowed", "eligibility", "block", Text(
            zh=f"“{matter.name.zh}”须由申请人本人办理，不能代办。",
            en=f"\"{matter.name.en}\" must be applied for in person; nobody can apply for you."),
            value_read=agent.name)
        return
    if same_id_number(agent.id_number, ctx.applicant.id_number):
        yield Finding("agency.agent_is_applicant", "consistency", "block", Text(
            zh="代办人与申请人为同一人，请选择本人办理。",
            en="The agent and the applicant are the same person; apply in person instead."),
            value_read=mask_id(agent.id_number))
    if agent.expired_on(ctx.today):
        yield Finding("agency.agent_card_expired", "validity", "block", Text(
            zh="代办人的身份证已过有效期，请使用有效证件。", en="The agent's ID card has expired; use a valid one."),
            value_read=agent.valid_until.isoformat(), expected=f">= {ctx.today.isoformat()}")
    yield Finding("agency.acting_for", "consistency", "staff", Text(
        zh="本申请由他人代办，工作人员将核对委托书和申请人身份。",
        en="Someone applies for the applicant; staff will check the authorisation and the applicant's identity."),
        value_read=agent.name)
