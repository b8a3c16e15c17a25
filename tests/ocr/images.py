"""Page images drawn for the ocr/ tests: an ID card, an A4 letter, a desk scene, marks.

Drawn with Pillow and the Noto CJK fonts Debian installs, so every test knows exactly what
is on the page it reads.
"""
from __future__ import annotations

import io
import math

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/opentype/noto/"
SANS = FONT_DIR + "NotoSansCJK-Regular.ttc"
SANS_BOLD = FONT_DIR + "NotoSansCJK-Bold.ttc"
SERIF = FONT_DIR + "NotoSerifCJK-Regular.ttc"

CARD_W, CARD_H = 856, 540   # 85.6 × 54 mm at 10 px/mm
ID_NUMBER = "330106199001021234"

A4_LINES = (
    "关于办理居住证明的申请",
    "",
    "杭州市西湖区行政服务中心：",
    "本人张三，身份证号码330106199001021234，现居住于",
    "杭州市西湖区文三路一百号，因子女入学需要，特申请",
    "开具居住证明。本人承诺所提交材料真实有效。",
    "联系电话：13800138000",
    "申请日期：2024年3月15日",
)


def font(size: int, path: str = SANS) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def to_bgr(img: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)


def id_card_front(name: str = "张三", number: str = ID_NUMBER) -> np.ndarray:
    """The portrait side of a resident ID card, card only, 856×540 BGR."""
    img = Image.new("RGB", (CARD_W, CARD_H), (236, 240, 244))
    d = ImageDraw.Draw(img)
    for y in range(0, CARD_H, 6):   # the faint guilloche-like background
        d.arc((-200, y - 300, 1000, y + 300), 200, 340, fill=(224, 230, 238))
    label, value = (40, 110, 170), (20, 20, 20)
    d.text((60, 55), "姓名", font=font(26), fill=label)
    d.text((160, 50), name, font=font(34), fill=value)
    d.text((60, 125), "性别", font=font(26), fill=label)
    d.text((160, 122), "男", font=font(30), fill=value)
    d.text((290, 125), "民族", font=font(26), fill=label)
    d.text((380, 122), "汉", font=font(30), fill=value)
    d.text((60, 190), "出生", font=font(26), fill=label)
    d.text((160, 187), "1990 年 1 月 2 日", font=font(30), fill=value)
    d.text((60, 255), "住址", font=font(26), fill=label)
    d.text((160, 252), "浙江省杭州市西湖区", font=font(30), fill=value)
    d.text((160, 297), "文三路100号", font=font(30), fill=value)
    d.text((60, 445), "公民身份号码", font=font(26), fill=label)
    d.text((290, 438), number, font=font(36, SANS_BOLD), fill=value)
    d.rectangle((570, 70, 790, 350), fill=(205, 210, 215))
    d.ellipse((625, 110, 735, 230), fill=(120, 120, 125))
    d.ellipse((590, 220, 770, 400), fill=(120, 120, 125))
    d.rectangle((570, 351, 790, 420), fill=(236, 240, 244))
    return to_bgr(img)


def a4_page(lines: tuple[str, ...] = A4_LINES, dpi: int = 150) -> np.ndarray:
    """A plain A4 letter, white, at ``dpi``."""
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    size = round(dpi * 0.2)
    y = round(dpi * 1.2)
    for i, text in enumerate(lines):
        if text:
            x = (w - d.textlength(text, font=font(size * 5 // 4))) / 2 if i == 0 else dpi
            d.text((x, y), text, font=font(size * 5 // 4 if i == 0 else size), fill=(0, 0, 0))
        y += round(size * 2)
    return to_bgr(img)


def desk_scene(document: np.ndarray, *, size=(1280, 960), tilt: float = 0.08,
               scale: float = 0.75, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``document`` lying on a wooden desk seen at an angle; returns (frame, 4 corners)."""
    rng = np.random.default_rng(seed)
    fw, fh = size
    grain = rng.normal(0, 1, (fh // 8, fw // 2)).astype(np.float32)
    grain = cv2.resize(cv2.GaussianBlur(grain, (0, 0), 3), (fw, fh))
    frame = np.empty((fh, fw, 3), np.uint8)
    base = np.array([40, 75, 120], np.float32)   # BGR brown
    frame[:] = np.clip(base + grain[..., None] * np.array([6, 10, 14], np.float32), 0, 255)
    h, w = document.shape[:2]
    k = min(fw / w, fh / h) * scale
    cw, ch = w * k, h * k
    x0, y0 = (fw - cw) / 2, (fh - ch) / 2
    t = tilt * cw
    corners = np.float32([[x0 + t, y0], [x0 + cw - t * 0.3, y0 + t * 0.4],
                          [x0 + cw, y0 + ch], [x0 - t * 0.2, y0 + ch - t * 0.3]])
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, corners)
    warped = cv2.warpPerspective(document, m, (fw, fh))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (fw, fh))
    frame[mask > 0] = warped[mask > 0]
    return frame, corners


def encode(image: np.ndarray, ext: str = ".jpg") -> bytes:
    ok, buf = cv2.imencode(ext, image)
    assert ok
    return buf.tobytes()


def with_exif_orientation(image: np.ndarray, orientation: int) -> bytes:
    """JPEG bytes of ``image`` tagged with an EXIF orientation (6 = rotate 90° CW to view)."""
    pil = Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    pil.save(out, "JPEG", exif=exif)
    return out.getvalue()


def seal(diameter: int = 240, text: str = "杭州市西湖区行政服务中心") -> Image.Image:
    """A red round official seal: ring, star and text along the upper arc (RGBA)."""
    img = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (220, 30, 40, 255)
    r = diameter / 2
    d.ellipse((4, 4, diameter - 4, diameter - 4), outline=red, width=max(3, diameter // 40))
    pts = []
    for i in range(10):
        rad = r * (0.28 if i % 2 == 0 else 0.11)
        a = math.radians(-90 + 36 * i)
        pts.append((r + rad * math.cos(a), r + rad * math.sin(a)))
    d.polygon(pts, fill=red)
    f = font(max(12, diameter // 9), SANS_BOLD)
    n = len(text)
    for i, ch in enumerate(text):
        a = math.radians(-210 + 240 * (i + 0.5) / n)
        cx, cy = r + r * 0.72 * math.cos(a), r + r * 0.72 * math.sin(a)
        glyph = Image.new("RGBA", (diameter // 8, diameter // 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((diameter // 16, diameter // 16), ch, font=f, fill=red,
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, expand=True)
        img.alpha_composite(glyph, (int(cx - glyph.width / 2), int(cy - glyph.height / 2)))
    return img


def stamp(page: np.ndarray, mark: Image.Image, at: tuple[int, int]) -> np.ndarray:
    """``mark`` (RGBA) multiplied onto ``page`` at ``at`` like ink, BGR out."""
    pil = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB)).convert("RGBA")
    pil.alpha_composite(mark, at)
    return to_bgr(pil)


def signature(width: int = 300, height: int = 110, seed: int = 3) -> Image.Image:
    """Hand-written-looking cursive strokes in blue-black ink (RGBA)."""
    rng = np.random.default_rng(seed)
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    t = np.linspace(0, 1, 240)
    for stroke in range(3):
        x = width * (0.08 + 0.3 * stroke + 0.28 * t)
        y = height * (0.5 + 0.3 * np.sin(t * rng.uniform(9, 14) + stroke)
                      * np.cos(t * rng.uniform(2, 4)))
        d.line(list(zip(x, y)), fill=(25, 30, 60, 255), width=4, joint="curve")
    return img
