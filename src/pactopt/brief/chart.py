"""The cash profile by year as a small inline SVG: each year's spending, stacked by who
pays (national public money, EU programmes, private money). Years are its only text, so the
HTML and the PDF read alike; the legend is text beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from pactopt.brief.doc import Chart, Num, say
from pactopt.schema.data import PactData

if TYPE_CHECKING:
    from pactopt.brief.writer import Writer

WIDTH, HEIGHT, BASE = 640, 96, 78  # viewBox units; bars stand on y = BASE
COLOURS = {"public": "#1f4e79", "EU": "#f2b705", "private": "#8fb3d9"}
KINDS = ("public", "EU", "private")
BAR_MAX = 48.0


def cash_chart(w: Writer, data: PactData) -> Chart:
    """The chart and its legend, every amount read from the Allocation."""
    years = list(data.years)
    kind_of = {f.id: f.kind for f in data.funders}
    alloc = w.sources.tables["allocation"]
    by_year = {y: {k: 0.0 for k in KINDS} for y in years}
    for _, row in alloc.iterrows():
        kind = str(kind_of.get(str(row["funder"]), "private"))
        for y in years:
            by_year[y][kind] += float(row.get(y, 0.0) or 0.0)
    peak = max(years, key=lambda y: sum(by_year[y].values()))
    top = max(sum(by_year[peak].values()), 1e-9)
    slot = WIDTH / len(years)
    shapes = []
    for n, y in enumerate(years):
        bar = min(slot * 0.7, BAR_MAX)  # a short horizon keeps slim bars
        x, base = n * slot + (slot - bar) / 2, float(BASE)
        for kind in KINDS:
            height = by_year[y][kind] / top * (BASE - 4)
            if height > 0.05:
                shapes.append(
                    f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{bar:.1f}" '
                    f'height="{height:.1f}" fill="{COLOURS[kind]}"/>'
                )
                base -= height
        shapes.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 2}" font-size="13" '
            f'text-anchor="middle" font-family="serif">{escape(str(y))}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img">{"".join(shapes)}</svg>'
    )
    peak_src = f"allocation||{peak}"
    value = w.sources.value(peak_src)
    label = say(
        w.lang,
        "Spending by year: national public money (dark), EU programmes (yellow), private "
        "money (light); the highest year, {year}, spends {amount}.",
        year=str(peak),
        amount=Num(w.lang.money(value), value, peak_src),
    )
    return Chart(svg, label)
