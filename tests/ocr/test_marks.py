"""Red official seals and hand-written signatures, and things that must not count as either."""
import pytest
from PIL import Image, ImageDraw

from ocr import doctypes, marks, synth
from tests.ocr import images

SIGN_AREA = (150, 1250, 700, 1500)   # x0, y0, x1, y1 where the form asks for a signature


@pytest.fixture(scope="module")
def page():
    return images.a4_page()


def _red_block(w, h):
    block = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(block)
    d.rectangle((0, 0, w - 1, h - 1), fill=(220, 30, 40, 255))
    d.text((20, h // 4), "红色横幅", font=images.font(h // 2), fill=(255, 255, 255, 255))
    return block


def _red_title(text="紧急通知红头文件"):
    title = Image.new("RGBA", (640, 90), (0, 0, 0, 0))
    ImageDraw.Draw(title).text((0, 0), text, font=images.font(64, images.SANS_BOLD), fill=(220, 30, 40, 255))
    return title


def _red_disc(d=200):
    disc = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    ImageDraw.Draw(disc).ellipse((0, 0, d - 1, d - 1), fill=(220, 30, 40, 255))
    return disc


def test_plain_page_has_no_marks(page):
    assert marks.find_marks(page) == ()
    assert not marks.is_sealed(page) and not marks.is_signed(page)


@pytest.mark.parametrize("diameter", [160, 260, 380])
def test_round_seal_is_found_with_its_box(page, diameter):
    sealed = images.stamp(page, images.seal(diameter), (700, 1100))
    found = marks.find_seals(sealed)
    assert len(found) == 1 and found[0].kind == "seal" and found[0].confidence >= 0.5
    (x0, y0), _, (x1, y1), _ = found[0].box
    assert abs(x0 - 700) < 10 and abs(y0 - 1100) < 10
    assert abs((x1 - x0) - diameter) < 16
    assert marks.is_sealed(sealed)
    assert marks.is_sealed(sealed, region=(650, 1050, 1200, 1600))
    assert not marks.is_sealed(sealed, region=(0, 0, 400, 400))


def test_seal_over_printed_text_is_still_found(page):
    sealed = images.stamp(page, images.seal(260), (300, 420))   # over the letter's lines
    assert marks.is_sealed(sealed)


@pytest.mark.parametrize("thing, where", [
    (_red_block(320, 120), (500, 1300)),
    (_red_title(), (300, 1300)),
    (_red_disc(), (300, 1300)),
])
def test_red_things_that_are_not_seals(page, thing, where):
    assert marks.find_seals(images.stamp(page, thing, where)) == []


def test_small_red_tick_is_no_seal(page):
    tick = images.seal(40)
    assert marks.find_seals(images.stamp(page, tick, (300, 1300))) == []


def test_signature_strokes_are_found_in_the_signing_area(page):
    signed = images.stamp(page, images.signature(), (200, 1300))
    found = marks.find_signatures(signed, SIGN_AREA)
    assert len(found) == 1 and found[0].kind == "signature"
    (x0, y0), _, (x1, y1), _ = found[0].box
    assert 180 < x0 < 230 and 1280 < y0 < 1330 and x1 > 450
    assert marks.is_signed(signed, SIGN_AREA)
    assert not marks.is_signed(signed, (700, 200, 1200, 600))   # an area with only print


def test_printed_text_in_the_signing_area_is_not_a_signature(page):
    # the letter's own printed lines, taken as the signing area
    assert marks.find_signatures(page, (100, 150, 1150, 1200)) == []


def test_underline_for_the_signature_is_not_a_signature(page):
    ruled = Image.new("RGBA", (420, 12), (0, 0, 0, 0))
    ImageDraw.Draw(ruled).line((0, 6, 419, 6), fill=(20, 20, 20, 255), width=3)
    lined = images.stamp(page, ruled, (200, 1400))
    assert not marks.is_signed(lined, SIGN_AREA)
    assert marks.is_signed(images.stamp(lined, images.signature(), (200, 1300)), SIGN_AREA)


def test_signed_and_sealed_page_gives_both_marks(page):
    done = images.stamp(images.stamp(page, images.signature(), (200, 1300)), images.seal(260), (800, 1150))
    kinds = sorted(m.kind for m in marks.find_marks(done, signature_region=SIGN_AREA))
    assert kinds == ["seal", "signature"]
    found = marks.find_marks(done)
    assert marks.has_mark(found, "seal") and marks.has_mark(found, "signature", SIGN_AREA)
    # found on a reduced copy, given back in page pixels
    (x0, y0), _, (x1, y1), _ = next(m for m in found if m.kind == "seal").box
    assert abs(x0 - 800) < 12 and abs(y0 - 1150) < 12 and abs((x1 - x0) - 260) < 20
    assert not marks.has_mark(found, "signature", (900, 100, 1200, 300))


@pytest.mark.parametrize("doc_type", [doctypes.BUSINESS_LICENCE, doctypes.MARRIAGE_CERTIFICATE,
                                      doctypes.BIRTH_CERTIFICATE, doctypes.HUKOU_INDEX])
def test_certificates_carry_one_seal_and_no_signature(doc_type):
    # the licence's seal sits inside its red frame; the household page is a ruled table;
    # the licence title is printed in very large characters
    found = marks.find_marks(synth.render(doc_type, 4).image)
    assert [m.kind for m in found] == ["seal"]


def test_both_signatures_of_a_contract_are_found_beside_their_labels():
    found = marks.find_marks(synth.render(doctypes.LEASE_CONTRACT, 4).image)
    boxes = sorted(m.box for m in found if m.kind == "signature")
    assert len(boxes) == 2 and not any(m.kind == "seal" for m in found)
    (left, _), _, (_, _), _ = boxes[0]
    (right, _), _, (_, _), _ = boxes[1]
    assert left < 620 < right   # 甲方 signs on the left half, 乙方 on the right
