"""Finding matters by Chinese name, English name and pinyin; grouping for the home screen; bundles."""


def test_search_by_pinyin_initials_chinese_and_english(catalog):
    assert [m.id for m in catalog.search("jzz")] == ["residence_permit"]
    assert "residence_permit" in [m.id for m in catalog.search("居住证")]
    assert "senior_card" in [m.id for m in catalog.search("Senior")]
    assert "sole_proprietor_registration" in [m.id for m in catalog.search("getigongshanghu")]
    assert catalog.search("") == [] and catalog.search("zzzzqqq") == []


def test_by_category_groups_every_kiosk_matter(catalog):
    groups = catalog.by_category()
    assert set(groups) == {"personal", "business", "bundle"}
    assert {m.id for m in groups["bundle"]} == {"newborn", "open_sole_proprietorship"}
    assert sum(len(g) for g in groups.values()) == len(catalog.all())
    assert len(catalog.matters) >= 12


def test_bundle_asks_shared_fields_and_materials_once(catalog):
    bundle = catalog.get("newborn")
    assert bundle.bundle_of == ("newborn_hukou", "resident_medical_insurance", "newborn_social_card")
    ids = [m.id for m in bundle.materials]
    assert len(ids) == len(set(ids)) and ids.count("id_card") == 1 and "birth_certificate" in ids
    assert [f.id for f in bundle.fields].count("name") == 1
    # The bundle's own definition wins: the insured person is the child.
    assert bundle.field("insured_name").prefill == "material.birth_certificate.child_name"
    assert bundle.needs_originals and bundle.promised_days == 10


def test_shared_material_keeps_the_strictest_obligations(catalog):
    bundle = catalog.get("open_sole_proprietorship")
    assert bundle.material("business_licence").deferrable
    assert bundle.material("premises_proof").replaceable
    assert bundle.jurisdiction == ("3301",)
    assert not bundle.instant_approval.allowed
