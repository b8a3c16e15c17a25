"""Charts for the dashboard as inline SVG built on the server: no JavaScript, no CDN, prints as is."""
from __future__ import annotations

from markupsafe import Markup, escape

BAR = "#0b5cad"
TEXT = "#333"


def bar_chart(rows: list[tuple[str, float]], *, unit: str = "", width: int = 640, bar_height: int = 22,
              title: str = "") -> Markup:
    """Horizontal bars, one per (label, value) row, the value written at the end of each bar."""
    label_w, value_w, gap = 170, 60, 6
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max((v for _, v in rows), default=0) or 1
    span = width - label_w - value_w
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        w = round(span * value / top, 1)
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_height * 0.72}" text-anchor="end" font-size="13" '
                     f'fill="{TEXT}">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_height}" fill="{BAR}" rx="3">'
                     f'<title>{escape(label)}: {_number(value)}{escape(unit)}</title></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + bar_height * 0.72}" font-size="13" fill="{TEXT}">'
                     f'{_number(value)}{escape(unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(rows: list[tuple[str, float]], *, width: int = 640, height: int = 180, title: str = "") -> Markup:
    """Vertical columns over a time axis (applications per day); every label shown below its column."""
    base, top_pad = height - 34, 18
    n = max(1, len(rows))
    slot = width / n
    top = max((v for _, v in rows), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">',
             f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>']
    for i, (label, value) in enumerate(rows):
        h = round((base - top_pad) * value / top, 1)
        x = round(i * slot + slot * 0.15, 1)
        parts.append(f'<rect x="{x}" y="{base - h}" width="{round(slot * 0.7, 1)}" height="{h}" fill="{BAR}">'
                     f'<title>{escape(label)}: {_number(value)}</title></rect>'
                     f'<text x="{round(i * slot + slot / 2, 1)}" y="{base - h - 4}" text-anchor="middle" '
                     f'font-size="11" fill="{TEXT}">{_number(value)}</text>'
                     f'<text x="{round(i * slot + slot / 2, 1)}" y="{height - 14}" text-anchor="middle" '
                     f'font-size="10" fill="{TEXT}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
