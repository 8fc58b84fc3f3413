"""The brief as one self-contained HTML page: no network, the chart inline SVG, the page
laid out for A4; every number a ``<span class="n">`` whose ``data-src`` names its source,
``data-value`` holds the value it was printed from and ``title`` where a person finds it."""

from __future__ import annotations

from html import escape

from pactopt.brief.doc import Chart, Document, Heading, Inline, Num, Para, Table
from pactopt.brief.trace import Sources

WIDTHS = ("25%", "11%", "38%", "13%", "13%")  # the moves table's columns, as in the PDF
STYLE = """
@page { size: A4; margin: 0 }
html { background: #fff }
body { margin: 0; font-family: "Libertinus Serif", "Times New Roman", "Liberation Serif",
  "DejaVu Serif Condensed", Georgia, serif;
  font-size: 9.5pt; line-height: 1.25; color: #111 }
main { box-sizing: border-box; width: 210mm; height: 297mm; padding: 10mm 13mm 6mm;
  overflow: hidden }
h1 { font-size: 15pt; line-height: 1.15; margin: 0 0 2.5mm; color: #1f4e79 }
h2 { font-size: 10.5pt; margin: 2.5mm 0 0.8mm; color: #1f4e79 }
p { margin: 0 0 1.2mm }
p.lead { font-size: 10.5pt }
p.item { margin: 0 0 1mm 3mm; text-indent: -3mm }
p.item::before { content: "\\2022\\00a0" }
p.foot { font-size: 9pt; color: #444; margin-top: 3mm; border-top: 0.5pt solid #999;
  padding-top: 1.5mm; overflow-wrap: anywhere }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 1.5mm; table-layout: fixed }
th, td { text-align: left; vertical-align: top; padding: 0.6mm 1.2mm;
  border-bottom: 0.5pt solid #bbb }
th { font-weight: bold; border-bottom: 0.8pt solid #333 }
.r { text-align: right }
td.r { white-space: nowrap }
figure { margin: 1mm 0 0 }
figure svg { width: 100%; height: auto; display: block }
figcaption { margin-top: 0.5mm }
.n { white-space: nowrap }
"""


def _parts(parts: tuple[Inline, ...], sources: Sources) -> str:
    out = []
    for p in parts:
        if isinstance(p, Num):
            out.append(
                f'<span class="n" data-src="{escape(p.src)}" data-value="{p.value!r}" '
                f'title="{escape(sources.cell_of(p.src))}">{escape(p.text)}</span>'
            )
        else:
            out.append(escape(p))
    return "".join(out)


def render_html(doc: Document, sources: Sources) -> str:
    """The page."""
    body = []
    for block in doc.blocks:
        if isinstance(block, Para):
            text = _parts(block.parts, sources)
            body.append(
                f"<h1>{text}</h1>"
                if block.kind == "title"
                else f'<p class="{block.kind}">{text}</p>'
            )
        elif isinstance(block, Heading):
            body.append(f"<h2>{escape(block.text)}</h2>")
        elif isinstance(block, Table):
            head = "".join(
                f"<th{' class=r' if k in block.right else ''}>{escape(h)}</th>"
                for k, h in enumerate(block.header)
            )
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td{' class=r' if k in block.right else ''}>{_parts(cell, sources)}</td>"
                    for k, cell in enumerate(row)
                )
                + "</tr>"
                for row in block.rows
            )
            cols = "".join(f'<col style="width:{w}">' for w in WIDTHS)
            body.append(
                f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        elif isinstance(block, Chart):
            body.append(
                f"<figure>{block.svg}<figcaption>{_parts(block.label, sources)}</figcaption>"
                "</figure>"
            )
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head>"
        f'<body><main id="page">{"".join(body)}</main></body></html>\n'
    )
