"""Charts as server-side SVG: no JavaScript, nothing from a CDN, black on white so they print.

Each chart carries a <title> and a <desc> listing its values, so a screen reader (and a
text search of the PDF) gets the numbers too.
"""

from __future__ import annotations

from html import escape

BAR = "#334e68"
FONT = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11px; fill: #111"


def _desc(items: list[tuple[str, float]], unit: str) -> str:
    return "; ".join(f"{label}: {value:g}{unit}" for label, value in items)


def bar_chart(title: str, items: list[tuple[str, float]], *, unit: str = "", width: int = 640,
              label_width: int = 190) -> str:
    """Horizontal bars, one per item, with the value written at the end of each bar."""
    row = 18
    height = 28 + row * max(len(items), 1)
    top = max((v for _, v in items), default=0) or 1
    span = width - label_width - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title><desc>{escape(_desc(items, unit))}</desc>',
             f'<text x="0" y="14" style="{FONT}; font-weight: bold">{escape(title)}</text>']
    for i, (label, value) in enumerate(items):
        y = 24 + i * row
        length = max(1.0, span * value / top) if value else 0
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end" style="{FONT}">'
                     f'{escape(label[:32])}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 5}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 12}" style="{FONT}">{value:g}{unit}</text>')
    if not items:
        parts.append(f'<text x="0" y="40" style="{FONT}">No data.</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(title: str, items: list[tuple[str, float]], *, width: int = 640, height: int = 200) -> str:
    """Vertical columns (e.g. exonerations by year), every fifth label written."""
    top = max((v for _, v in items), default=0) or 1
    n = max(len(items), 1)
    plot_h = height - 50
    step = (width - 40) / n
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title><desc>{escape(_desc(items, ""))}</desc>',
             f'<text x="0" y="14" style="{FONT}; font-weight: bold">{escape(title)}</text>',
             f'<text x="0" y="32" style="{FONT}">max {top:g}</text>']
    for i, (label, value) in enumerate(items):
        h = plot_h * value / top
        x = 36 + i * step
        parts.append(f'<rect x="{x:.1f}" y="{20 + plot_h - h:.1f}" width="{max(step - 2, 1):.1f}" '
                     f'height="{h:.1f}" fill="{BAR}"><title>{escape(label)}: {value:g}</title></rect>')
        if i % 5 == 0 or i == n - 1:
            parts.append(f'<text x="{x:.1f}" y="{height - 14}" style="{FONT}">{escape(label)}</text>')
    parts.append(f'<line x1="34" y1="{20 + plot_h}" x2="{width}" y2="{20 + plot_h}" stroke="#111"/></svg>')
    return "".join(parts)
