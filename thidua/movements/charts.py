"""Charts drawn on the server as inline SVG: no script, no CDN, readable on a phone."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def line_chart(
    points: list[tuple[str, int | None]], *, width: int = 600, height: int = 220, title: str = ""
) -> SafeString:
    """Completion (0–100 %) over periods; periods without data leave a gap."""
    if not points:
        return mark_safe("")
    left, right, top, bottom = 36, 12, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + i * step if len(points) > 1 else left + plot_w / 2

    def y(value: int) -> float:
        return top + plot_h * (1 - min(max(value, 0), 100) / 100)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for level in (0, 50, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" y2="{y(level):.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y(level) + 4:.1f}" text-anchor="end" class="axis">{level}%</text>'
        )
    segment: list[str] = []
    segments = []
    for i, (_label, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(f'<polyline points="{" ".join(seg)}" class="line"/>')
    label_every = max(1, len(points) // 8)
    for i, (label, value) in enumerate(points):
        if value is not None:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" class="dot"><title>{escape(label)}: {value}%</title></circle>'
            )
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" class="axis">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    bars: list[tuple[str, int]], *, width: int = 600, height: int = 200, title: str = "", unit: str = ""
) -> SafeString:
    """Counts as vertical bars, each labelled below and its count above (e.g. communes per band of
    completion)."""
    if not bars:
        return mark_safe("")
    left, right, top, bottom = 12, 12, 20, 32
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(bars)
    highest = max((count for _label, count in bars), default=0) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="grid"/>',
    ]
    for i, (label, count) in enumerate(bars):
        bar_h = plot_h * count / highest
        x = left + i * slot + slot * 0.15
        y = top + plot_h - bar_h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" class="bar">'
            f"<title>{escape(label)}: {count} {escape(unit)}</title></rect>"
        )
        middle = left + i * slot + slot / 2
        parts.append(
            f'<text x="{middle:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="axis">{count}</text>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{height - bottom + 16}" text-anchor="middle" class="axis">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
