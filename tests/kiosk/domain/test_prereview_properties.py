"""Property tests: the pre-review takes any values without failing and never approves at once wrongly."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.idcard.base import RESIDENT, IdentityCard
from kiosk.domain.catalog import DEFAULT_DIR, load_catalog
from kiosk.domain.facts import CapturedMaterial, CapturedPage, CaseFacts
from kiosk.domain.prereview import review
from ocr import doctypes
from ocr.types import DocumentReading, Field, Mark, OcrResult, QualityCheck, QualityReport

CATALOG = load_catalog(DEFAULT_DIR)
MATTERS = CATALOG.all()
FIELD_NAMES = sorted({n for names in doctypes.FIELDS.values() for n in names})
BOX = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))

# Values that exercise the parsers: ID-like digits, dates, 长期, confusables, plain noise.
values = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(["长期", "", "2026-02-30", "杭州市西湖区", "O0l1", "91330106MA28LQ1X26"]),
)
confidence = st.floats(min_value=0, max_value=1)


@st.composite
def readings(draw):
    fields = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=6))
    failed = draw(st.sets(st.sampled_from(["sharpness", "glare", "exposure", "in_frame", "resolution"])))
    return DocumentReading(
        doc_type=draw(st.sampled_from(doctypes.ALL)), type_confidence=draw(confidence),
        fields={k: Field(name=k, value=v, confidence=draw(confidence)) for k, v in fields.items()},
        ocr=OcrResult((), 100, 100, "property"),
        quality=QualityReport(tuple(QualityCheck(c, c not in failed, 0.5, 0.5, "重拍" if c in failed else "")
                                    for c in ["sharpness", "glare", "exposure", "in_frame", "resolution"])),
        marks=tuple(Mark(k, BOX, draw(confidence)) for k in draw(st.lists(st.sampled_from(["seal", "signature"]),
                                                                           max_size=2))))


@st.composite
def cases(draw):
    matter = draw(st.sampled_from(MATTERS))
    form = draw(st.fixed_dictionaries({}, optional={f.id: values for f in matter.fields}))
    card = draw(st.none() | st.builds(
        IdentityCard, card_type=st.just(RESIDENT), name=values, id_number=values, address=values,
        valid_until=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1))))
    materials = {}
    for spec in matter.materials:
        if draw(st.booleans()):
            pages = draw(st.lists(st.one_of(readings(), st.none()), max_size=3))
            materials[spec.id] = CapturedMaterial(
                spec.id, tuple(CapturedPage(i, r, error="" if r else draw(st.sampled_from(["", "blurred"])))
                               for i, r in enumerate(pages, 1)),
                deferred=draw(st.booleans()), committed=draw(st.booleans()))
    facts = CaseFacts(matter_id=matter.id, card=card, form=form, materials=materials,
                      today=draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1))),
                      kiosk_region=draw(st.sampled_from(["", "330106", "330201"])),
                      applicant_flags=frozenset(draw(st.sets(st.sampled_from(["bad_credit", "high_risk"])))))
    return matter, facts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_review_never_fails_and_never_approves_at_once_with_problems(case):
    matter, facts = case
    result = review(matter, facts)
    assert not [f for f in result.findings if f.rule_id.endswith(".internal_error")], result.findings
    severities = {f.severity for f in result.findings}
    assert result.outcome in ("instant", "staff", "blocked")
    if "block" in severities:
        assert result.outcome == "blocked"
    if result.outcome == "instant":
        assert severities <= {"info"} and matter.instant_approval.allowed and facts.card is not None
        assert not result.deferred
    for finding in result.findings:
        assert finding.message.zh and finding.message.en
        assert finding.category in ("completeness", "quality", "type", "consistency", "validity", "format",
                                    "eligibility", "marks", "jurisdiction")


@settings(max_examples=100, deadline=None)
@given(cases())
def test_review_is_deterministic(case):
    matter, facts = case
    assert review(matter, facts) == review(matter, facts)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MATTERS).flatmap(lambda m: st.tuples(
    st.just(m), st.fixed_dictionaries({}, optional={f.id: values for f in m.fields}))))
def test_form_validation_takes_any_text(case):
    from kiosk.domain.prefill import validate_form

    matter, form = case
    errors = validate_form(matter, form, today=date(2026, 11, 20))
    assert set(errors) <= {f.id for f in matter.fields}
    assert all(message.zh and message.en for message in errors.values())
    for f in matter.fields:
        if f.required and not form.get(f.id, "").strip():
            assert f.id in errors
