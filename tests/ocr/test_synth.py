"""Synthetic documents: deterministic, complete ground truth, valid check digits."""
import numpy as np
import pytest

from ocr import doctypes, ids
from ocr.mrz import parse_mrz
from ocr.synth import ALL_VARIANTS, RENDERERS, render


@pytest.mark.parametrize("doc_type", sorted(RENDERERS))
def test_every_type_renders_its_fields(doc_type):
    rendered = render(doc_type, 7)
    assert rendered.doc_type == doc_type
    # 组成形式 is printed on the licences of 个体工商户 only; this corpus renders companies
    assert set(rendered.fields) == set(doctypes.FIELDS[doc_type]) - {"composition"}
    assert rendered.image.dtype == np.uint8 and rendered.image.ndim == 3
    for name, value in rendered.fields.items():
        assert value, name
        if name.endswith("id_number"):
            assert ids.id_number_valid(value), name
        if name == "uscc":
            assert ids.uscc_valid(value)
        if name.endswith("_date") or name in ("valid_from",):
            assert len(value) == 10 and value[4] == "-", name
    if doc_type != doctypes.PHOTO_1INCH:
        assert rendered.lines


def test_every_renderer_is_registered():
    assert set(RENDERERS) == set(doctypes.ALL) - {doctypes.UNKNOWN}


def test_same_seed_same_image_different_seed_different_person():
    a, b, c = render(doctypes.ID_CARD_FRONT, 3), render(doctypes.ID_CARD_FRONT, 3), render(doctypes.ID_CARD_FRONT, 4)
    assert np.array_equal(a.image, b.image) and a.fields == b.fields
    assert a.fields["id_number"] != c.fields["id_number"]


@pytest.mark.parametrize("variant", ALL_VARIANTS)
def test_variants_are_deterministic_and_change_the_image(variant):
    clean = render(doctypes.ID_CARD_FRONT, 1)
    one, two = render(doctypes.ID_CARD_FRONT, 1, variant), render(doctypes.ID_CARD_FRONT, 1, variant)
    assert np.array_equal(one.image, two.image)
    assert one.fields == clean.fields
    if variant != "clean":
        assert one.image.shape != clean.image.shape or not np.array_equal(one.image, clean.image)


def test_passport_mrz_passes_every_check():
    rendered = render(doctypes.PASSPORT, 2)
    mrz = parse_mrz("\n".join(rendered.lines[-2:]))
    assert mrz.valid
    assert mrz.document_number == rendered.fields["document_number"]
    assert mrz.birth_date.isoformat() == rendered.fields["birth_date"]


def test_unknown_type_and_variant_are_refused():
    with pytest.raises(ValueError):
        render("driving_licence", 1)
    with pytest.raises(ValueError):
        render(doctypes.ID_CARD_FRONT, 1, "underwater")


def test_committed_samples_match_their_generator(tmp_path):
    import json

    from ocr.synth.samples import DEFAULT_FOLDER, write_samples

    written = write_samples(tmp_path)
    assert written
    for image in written:
        fresh = json.loads(image.with_suffix(".json").read_text("utf-8"))
        committed = DEFAULT_FOLDER / image.relative_to(tmp_path).with_suffix(".json")
        assert json.loads(committed.read_text("utf-8")) == fresh, committed
