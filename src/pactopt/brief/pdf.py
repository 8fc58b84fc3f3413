"""The brief as an A4 PDF of one page, typeset by Typst (the ``typst`` package: its
compiler and its fonts are in the wheel, so nothing outside pip is needed and no network is
used). Every text run goes to Typst as a string literal, so no character of the workbook's
names is read as markup."""

from __future__ import annotations

import re

import typst

from pactopt.brief.doc import Chart, Document, Heading, Inline, Num, Para, Table

PREAMBLE = """#set page(paper: "a4", margin: (x: 13mm, top: 11mm, bottom: 9mm))
#set text(font: "Libertinus Serif", size: 9.5pt, lang: "{lang}", hyphenate: false)
#set par(justify: false, leading: 0.42em, spacing: 0.6em)
#let blue = rgb("#1f4e79")
"""


class PageError(Exception):
    """The brief does not fit on one page."""


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _content(parts: tuple[Inline, ...]) -> str:
    """Text runs as string literals; a number in a box, so that no line breaks inside it,
    with the characters it touches ('€' + '0.95', '0.95' + '%,'): a box is a break
    opportunity on both sides."""
    kept: list[Inline] = [p for p in parts if (p.text if isinstance(p, Num) else p)]
    texts = [None if isinstance(p, Num) else str(p) for p in kept]
    boxed = [p.text if isinstance(p, Num) else "" for p in kept]
    for k, part in enumerate(kept):
        if not isinstance(part, Num):
            continue
        before = texts[k - 1] if k > 0 else None
        if before:
            head, tail = re.fullmatch(r"(.*?)(\S*)", before, re.S).groups()  # type: ignore[union-attr]
            texts[k - 1], boxed[k] = head, tail + boxed[k]
        after = texts[k + 1] if k + 1 < len(kept) else None
        if after:
            head, tail = re.fullmatch(r"(\S*)(.*)", after, re.S).groups()  # type: ignore[union-attr]
            boxed[k], texts[k + 1] = boxed[k] + head, tail
    runs = [
        f"#box({_string(boxed[k])})" if text is None else f"#{_string(text)}"
        for k, text in enumerate(texts)
        if text is None or text
    ]
    return "[" + "".join(runs) + "]"


def typst_source(doc: Document) -> tuple[str, dict[str, str]]:
    """The Typst markup of the brief and its inputs (the charts' SVG)."""
    lines = [PREAMBLE.replace("{lang}", doc.lang)]
    inputs: dict[str, str] = {}
    for block in doc.blocks:
        if isinstance(block, Para):
            body = _content(block.parts)
            if block.kind == "title":
                lines.append(f'#text(size: 15pt, weight: "bold", fill: blue){body}')
                lines.append("#v(1mm)")
            elif block.kind == "lead":
                lines.append(f"#text(size: 10.5pt){body}")
            elif block.kind == "item":
                lines.append(f'#pad(left: 3mm)[#"•\u00a0"{body[1:-1]}]')
            elif block.kind == "foot":
                lines.append("#v(1.5mm)#line(length: 100%, stroke: 0.5pt + luma(150))")
                lines.append(f"#text(size: 9pt, fill: luma(60)){body}")
            else:
                lines.append(f"#par{body}")
        elif isinstance(block, Heading):
            lines.append("#v(1.2mm)")
            lines.append(f'#text(size: 10.5pt, weight: "bold", fill: blue)[#{_string(block.text)}]')
        elif isinstance(block, Table):
            align = ", ".join(
                "right" if k in block.right else "left" for k in range(len(block.header))
            )
            cells = [f"[#strong({_string(h)})]" for h in block.header]
            for row in block.rows:
                cells += [_content(cell) for cell in row]
            lines.append(
                "#table(columns: (25%, 11%, 38%, 13%, 13%), "
                f"align: ({align},), inset: (x: 3pt, y: 2.2pt), "
                "stroke: (x, y) => (bottom: if y == 0 { 0.8pt } else { 0.5pt + luma(180) }), "
                + ", ".join(cells)
                + ")"
            )
        elif isinstance(block, Chart):
            key = f"chart{len(inputs)}"
            inputs[key] = block.svg
            lines.append(f'#image(bytes(sys.inputs.at("{key}")), width: 100%)')
            lines.append(f"#par{_content(block.label)}")
    lines.append(
        "#context if counter(page).final().first() > 1 "
        '{ panic("the brief takes more than one page") }'
    )
    return "\n".join(lines) + "\n", inputs


def render_pdf(doc: Document) -> bytes:
    """The PDF; ``PageError`` when the brief would take more than one page."""
    source, inputs = typst_source(doc)
    try:
        return bytes(typst.compile(source.encode("utf-8"), sys_inputs=inputs))
    except Exception as exc:  # typst raises its own error type for a failed compile
        if "more than one page" in str(exc):
            raise PageError("the brief does not fit on one A4 page") from None
        raise
