"""Draw printed ESC/POS elements as the paper would look, so a person can check a receipt.

A 58 mm head is 384 dots wide, an 80 mm head 576; font A is 12x24 dots (ASCII) and the
Chinese font 24x24, which Noto Sans CJK SC at 24 px matches closely; each character gets the
printer's cell (12 or 24 dots, as wide as ``linebreak.columns_of`` counts it), and the head's
dots reach the paper's edges. QR codes are drawn with the ``qrcode`` package from the data the
printer stored.
"""
from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devices.printer.escpos_interpreter import Element, PrintedLine, PrintedQr
from devices.printer.linebreak import columns_of

FONT_DIR = "/usr/share/fonts/opentype/noto"
_SC_INDEX = 2  # Simplified Chinese face in the Noto CJK collections
_DOT = 24      # character height in dots at size 1
_LINE = 30     # default line spacing (ESC 2) in dots
_MARGIN = 8    # above and below the print
_COLUMN = 12   # font A's width in dots: one half-width column
_EC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
       "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    return ImageFont.truetype(f"{FONT_DIR}/{name}", size, index=_SC_INDEX)


def render_png(elements: list[Element], *, width: int = 384, cut: bool = True) -> bytes:
    """The receipt as a PNG: white paper, black print, a dashed line where it was cut."""
    rows = [row for element in elements for row in _rows(element, width)]
    height = sum(row.height for row, _ in rows) + 2 * _MARGIN + (_DOT if cut else 0)
    paper = Image.new("L", (width, max(height, _DOT)), 255)
    y = _MARGIN
    for row, align in rows:
        x = {"left": 0, "center": (width - row.width) // 2, "right": width - row.width}[align]
        paper.paste(row, (x, y))
        y += row.height
    if cut:
        draw = ImageDraw.Draw(paper)
        for x in range(0, width, 12):
            draw.line([(x, height - _DOT // 2), (x + 6, height - _DOT // 2)], fill=0)
    out = io.BytesIO()
    paper.save(out, "PNG")
    return out.getvalue()


def _rows(element: Element, width: int) -> list[tuple[Image.Image, str]]:
    if isinstance(element, PrintedLine):
        return _text_rows(element, width)
    if isinstance(element, PrintedQr):
        code = qrcode.QRCode(box_size=max(element.module, 1), border=0,
                             error_correction=_EC[element.ec])
        code.add_data(element.data)
        code.make(fit=True)
        image = code.make_image().get_image().convert("L")
        return [(_padded(image), element.align)]
    # A raster image or a barcode: a grey placeholder with its kind.
    image = Image.new("L", (width // 2, _DOT * 2), 200)
    ImageDraw.Draw(image).text((4, 4), f"[{element.kind}]", fill=0, font=_font(False, _DOT))
    return [(image, element.align)]


def _text_rows(line: PrintedLine, width: int) -> list[tuple[Image.Image, str]]:
    """Lay the runs out character by character, wrapping at the paper's edge like the printer."""
    glyphs = []
    for run in line.runs:
        font = _font(run.bold, _DOT * run.height)
        for char in run.text:
            advance = _COLUMN * columns_of(char) * run.width
            glyphs.append((char, font, run.width, run.height, max(advance, 1)))
    rows, current, used = [], [], 0
    for glyph in glyphs:
        if current and used + glyph[4] > width:
            rows.append(current)
            current, used = [], 0
        current.append(glyph)
        used += glyph[4]
    rows.append(current)
    return [(_draw_glyphs(row), line.align) for row in rows]


def _draw_glyphs(glyphs: list) -> Image.Image:
    # Glyph boxes leave room above and below the em square for Noto's ascent and descent.
    boxes = [int(_DOT * h * 1.3) for _, _, _, h, _ in glyphs] or [_DOT]
    height = max(_LINE, max(boxes) + _LINE - _DOT)
    image = Image.new("L", (max(sum(g[4] for g in glyphs), 1), height), 255)
    x = 0
    for (char, font, w, h, advance), box in zip(glyphs, boxes):
        glyph = Image.new("L", (max(int(font.getlength(char)), 1), box), 255)
        ImageDraw.Draw(glyph).text((0, 0), char, fill=0, font=font)
        # Double width or height only: stretch like the print head does; a wide Latin letter is
        # narrowed into font A's 12-dot cell.
        if w != h or glyph.width > advance:
            glyph = glyph.resize((advance, glyph.height))
        image.paste(glyph, (x, height - box))
        x += advance
    return image


def _padded(image: Image.Image) -> Image.Image:
    gap = _LINE - _DOT
    padded = Image.new("L", (image.width, image.height + 2 * gap), 255)
    padded.paste(image, (0, gap))
    return padded

