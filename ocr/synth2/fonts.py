"""The faces the second corpus prints with: none of them is the first corpus's Noto CJK.

All come from Debian packages (scripts/system-packages.sh, test list): WenQuanYi Zen Hei and
Micro Hei (黑体 stand-ins), AR PL UMing (宋/明体), AR PL UKai (楷体, the hand-filled look of
household-register values), OCR-B (machine-readable zones, card numbers) and Liberation Mono.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

ZEN_HEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
MICRO_HEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")     # index 0: AR PL UMing CN
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")       # index 0: AR PL UKai CN
OCR_B = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
MONO = Path("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf")
ALL = (ZEN_HEI, MICRO_HEI, UMING, UKAI, OCR_B, MONO)


def missing() -> list[Path]:
    """Font files not installed here (the corpus cannot be rendered without them)."""
    return [path for path in ALL if not path.is_file()]


@lru_cache(maxsize=128)
def face(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: run scripts/system-packages.sh test as root")
    return ImageFont.truetype(str(path), size, index=0)
