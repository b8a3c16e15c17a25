"""A Pillow page that remembers every text line drawn on it, plus seals, strokes and portraits."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

NOTO = Path("/usr/share/fonts/opentype/noto")
SANS = NOTO / "NotoSansCJK-Regular.ttc"
SANS_BOLD = NOTO / "NotoSansCJK-Bold.ttc"
SERIF = NOTO / "NotoSerifCJK-Regular.ttc"
SERIF_BOLD = NOTO / "NotoSerifCJK-Bold.ttc"
# Index 2 of the Noto CJK collections is the Simplified Chinese face.
_SC_INDEX = 2


def monospace_font_path() -> Path:
    """An OCR-B-like monospace face for machine-readable zones: DejaVu Sans Mono, else any mono."""
    preferred = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    if preferred.is_file():
        return preferred
    for path in sorted(Path("/usr/share/fonts").rglob("*Mono*.tt[fc]")):
        return path
    raise FileNotFoundError("no monospace font under /usr/share/fonts (install fonts-dejavu-core)")


@lru_cache(maxsize=64)
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    index = _SC_INDEX if path.suffix == ".ttc" else 0
    return ImageFont.truetype(str(path), size, index=index)


@dataclass(frozen=True)
class DrawnLine:
    text: str
    box: tuple[int, int, int, int]   # left, top, right, bottom


class Page:
    """An RGB page; ``text`` calls are recorded in drawing order as the page's ground truth."""

    def __init__(self, width: int, height: int, background=(255, 255, 255)):
        self.image = Image.new("RGB", (width, height), background)
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[DrawnLine] = []

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def text(self, xy, text: str, size: int, face: Path = SANS, fill=(20, 20, 20), spacing: float = 0.0,
             record: bool = True) -> DrawnLine:
        """Draw one line; ``spacing`` adds that fraction of the size between characters."""
        f = font(face, size)
        x, y = xy
        if spacing:
            for char in text:
                self.draw.text((x, y), char, font=f, fill=fill)
                x += f.getlength(char) + spacing * size
            right = x - spacing * size
        else:
            self.draw.text((x, y), text, font=f, fill=fill)
            right = x + f.getlength(text)
        top, bottom = y + f.getbbox(text)[1], y + f.getbbox(text)[3]
        line = DrawnLine(text, (int(xy[0]), int(top), int(right), int(bottom)))
        if record and text.strip():
            self.lines.append(line)
        return line

    def width_of(self, text: str, size: int, face: Path = SANS) -> float:
        return font(face, size).getlength(text)

    def centered(self, y: int, text: str, size: int, face: Path = SANS, fill=(20, 20, 20),
                 spacing: float = 0.0) -> DrawnLine:
        width = self.width_of(text, size, face) + spacing * size * (len(text) - 1)
        return self.text(((self.size[0] - width) / 2, y), text, size, face, fill, spacing)

    def wrapped(self, xy, text: str, size: int, width: int, face: Path = SANS, leading: float = 1.5,
                fill=(20, 20, 20)) -> int:
        """Draw ``text`` wrapped at ``width`` pixels; returns the y below the last line."""
        x, y = xy
        line = ""
        for char in text:
            if self.width_of(line + char, size, face) > width:
                self.text((x, y), line, size, face, fill)
                y += int(size * leading)
                line = ""
            line += char
        if line:
            self.text((x, y), line, size, face, fill)
            y += int(size * leading)
        return y

    def seal(self, center, radius: int, text: str, color=(210, 30, 30)) -> None:
        """A round red seal: ring, star and the organisation's name around the upper arc."""
        cx, cy = center
        overlay = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(overlay)
        rgba = color + (200,)
        d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=rgba, width=max(3, radius // 18))
        star = [(cx + radius * 0.28 * math.cos(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4),
                 cy + radius * 0.28 * math.sin(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4))
                for i in range(10)]
        d.polygon(star, fill=rgba)
        f = font(SANS_BOLD, max(10, radius // 5))
        n = len(text)
        for i, char in enumerate(text):
            angle = math.radians(-210 + 240 * (i + 0.5) / n)
            x = cx + radius * 0.72 * math.cos(angle)
            y = cy + radius * 0.72 * math.sin(angle)
            glyph = Image.new("RGBA", (radius, radius), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((radius // 2, radius // 2), char, font=f, fill=rgba, anchor="mm")
            glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
            overlay.alpha_composite(glyph, (int(x - radius / 2), int(y - radius / 2)))
        self.image = Image.alpha_composite(self.image.convert("RGBA"), overlay).convert("RGB")
        self.draw = ImageDraw.Draw(self.image)

    def signature(self, box, rng: random.Random, color=(25, 25, 90)) -> None:
        """Handwriting-like strokes: a few smooth random curves inside ``box``."""
        left, top, right, bottom = box
        for stroke in range(rng.randint(2, 4)):
            x0 = left + (right - left) * stroke / 4
            points = []
            for t in np.linspace(0, 1, 40):
                x = x0 + (right - left) * 0.35 * t
                y = (top + bottom) / 2 + (bottom - top) * 0.35 * math.sin(t * math.pi * rng.uniform(1.5, 3.5)
                                                                           + rng.uniform(0, 6))
                points.append((x, y))
            self.draw.line(points, fill=color, width=3, joint="curve")

    def portrait(self, box, background=(230, 236, 242), clothes=(40, 50, 70), skin=(214, 180, 160)) -> None:
        """A drawn head-and-shoulders silhouette filling ``box``."""
        left, top, right, bottom = box
        w, h = right - left, bottom - top
        self.draw.rectangle(box, fill=background)
        self.draw.ellipse((left + w * 0.1, top + h * 0.7, left + w * 0.9, top + h * 1.25), fill=clothes)
        self.draw.rectangle((left + w * 0.42, top + h * 0.52, left + w * 0.58, top + h * 0.75), fill=skin)
        self.draw.ellipse((left + w * 0.3, top + h * 0.16, left + w * 0.7, top + h * 0.62), fill=skin)
        self.draw.chord((left + w * 0.28, top + h * 0.1, left + w * 0.72, top + h * 0.48), 180, 360,
                        fill=(30, 25, 25))

    def emblem(self, center, radius: int) -> None:
        """A red-and-gold round emblem (stands where the national emblem is printed)."""
        cx, cy = center
        self.draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(200, 40, 40),
                          outline=(230, 190, 60), width=max(2, radius // 8))
        star = [(cx + radius * 0.5 * math.cos(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4),
                 cy + radius * 0.5 * math.sin(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4))
                for i in range(10)]
        self.draw.polygon(star, fill=(240, 200, 70))

    def guilloche(self, rng: random.Random, color, density: int = 40) -> None:
        """Faint security-print waves across the page background."""
        w, h = self.size
        for i in range(density):
            phase, amp, y0 = rng.uniform(0, 6.3), rng.uniform(4, 14), h * i / density
            xs = np.linspace(0, w, 120)
            self.draw.line([(x, y0 + amp * math.sin(x / 40 + phase)) for x in xs], fill=color, width=1)

    def to_bgr(self) -> np.ndarray:
        return np.ascontiguousarray(np.asarray(self.image)[:, :, ::-1])


@dataclass
class Rendered:
    """One synthetic document: the BGR image, the fields extraction should give, the printed text."""

    doc_type: str
    image: np.ndarray
    fields: dict[str, str]
    lines: list[str]
    boxes: list[tuple[int, int, int, int]]   # of ``lines`` on the clean page: left, top, right, bottom

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def finish(page: Page, doc_type: str, fields: dict[str, str]) -> Rendered:
    return Rendered(doc_type, page.to_bgr(), fields, [line.text for line in page.lines],
                    [line.box for line in page.lines])
