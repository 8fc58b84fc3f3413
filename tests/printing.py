"""What a person sees of an output workbook: the cells whose text is wider than its column
(by the writer's conservative character-width rule), and the pages LibreOffice prints.

The rule (``report/widths.py``): a character takes CHAR_WIDTH width units (BOLD_WIDTH bold)
plus PADDING per cell. A text cell that does not wrap may spill over empty cells to its
right, as spreadsheets draw it; a wrapped cell must hold its longest word on a line, and its
lines must fit the row's height. Numbers are measured as their format shows them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.report.layout import DEFAULT_WIDTH
from pactopt.report.widths import LINE_PT, lines_needed, needed_width

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


def _width(ws: Worksheet, col: int) -> float:
    letter = get_column_letter(col)
    width = ws.column_dimensions[letter].width if letter in ws.column_dimensions else None
    return float(width or DEFAULT_WIDTH)


def shown_text(cell: Cell) -> str:
    """The text of a cell as its number format shows it (roughly, but never shorter)."""
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    fmt = cell.number_format
    if "0.0%" in fmt:
        return f"{value:.1%}"
    if "%" in fmt:
        return f"{value:.0%}"
    if ".00" in fmt:
        return f"{value:,.2f}"
    if "#,##0" in fmt:
        return f"{value:,.0f}"
    if fmt == "0":
        return f"{value:.0f}"
    return str(value)[:11]  # General shows at most about eleven characters, never ###


def clipped_cells(path: Path) -> list[str]:
    """'Sheet!A1: needs 40.0, has 12.0' for every cell whose text does not fit."""
    problems = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        merged = {}
        for ranges in ws.merged_cells.ranges:
            c1, r1, c2, _ = range_boundaries(str(ranges))
            merged[(r1, c1)] = sum(_width(ws, c) for c in range(c1, c2 + 1))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or not isinstance(cell, Cell):
                    continue
                problem = _clipped(ws, cell, merged)
                if problem:
                    problems.append(f"{ws.title}!{cell.coordinate}: {problem}")
    return problems


def _clipped(ws: Worksheet, cell: Cell, merged: dict[tuple[int, int], float]) -> str:
    col, row = cell.column, cell.row
    assert isinstance(col, int) and isinstance(row, int)
    width = merged.get((row, col), _width(ws, col))
    text = shown_text(cell)
    bold = bool(cell.font and cell.font.b)
    size = cell.font.sz if cell.font and cell.font.sz else 10
    scale = float(size) / 10
    if cell.alignment is not None and cell.alignment.wrap_text:
        longest = max((len(word) for word in text.split()), default=0)
        need = needed_width(longest, bold=bold) * scale
        if need > width + 0.01:
            return f"a word needs {need:.1f}, has {width:.1f}"
        height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
        lines = sum(lines_needed(len(part), width, bold=bold) for part in text.split("\n"))
        if lines > 1 and (height or LINE_PT) < LINE_PT * lines * scale:
            return f"{lines} lines need {LINE_PT * lines:.0f} pt, the row has {height} pt"
        return ""
    need = needed_width(len(text), bold=bold) * scale
    if isinstance(cell.value, str):
        # text spills over the empty cells to its right
        nxt = col + 1
        while width < need and ws.cell(row, nxt).value is None and nxt <= ws.max_column + 20:
            width += _width(ws, nxt)
            nxt += 1
    return f"needs {need:.1f}, has {width:.1f}" if need > width + 0.01 else ""


def soffice_convert(paths: list[Path], out_dir: Path, target: str) -> None:
    """Open ``paths`` in LibreOffice Calc and save them as ``target`` ('pdf', 'xlsx:…') into
    ``out_dir``, in one run with a profile of its own."""
    assert SOFFICE is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def convert_to_pdf(paths: list[Path], out_dir: Path) -> dict[str, Path]:
    """Print ``paths`` to PDF with LibreOffice, in one run; the PDFs by workbook stem."""
    soffice_convert(paths, out_dir, "pdf")
    pdfs = {p.stem: out_dir / f"{p.stem}.pdf" for p in paths}
    missing = [str(p) for p in pdfs.values() if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}"
    return pdfs


def page_count(pdf: Path) -> int:
    """Pages of a PDF (LibreOffice writes one page object per page)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def pages_by_sheet(pdf: Path) -> dict[str, int]:
    """Pages per sheet, from the footer every output sheet prints ('Binding, page 3 of 34')."""
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    counts: dict[str, int] = {}
    for page in text.split("\f"):
        found = re.findall(r"^\s*(.+?), page \d+ of \d+\s*$", page, flags=re.MULTILINE)
        if found:
            counts[found[-1]] = counts.get(found[-1], 0) + 1
    return counts


def pdf_text(pdf: Path) -> str:
    """The text of a PDF, in reading order."""
    assert PDFTOTEXT is not None
    return subprocess.run(
        [PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


# a word's box in pdftotext -bbox is about 1.18 times its font size (LibreOffice's Carlito
# at 11 pt prints 13.0 points tall at 100%): font size = box height / this
BOX_PER_POINT = 1.18


def page_words(pdf: Path) -> list[list[tuple[str, float]]]:
    """Per page, each word and its font size in points (estimated from its box height)."""
    assert PDFTOTEXT is not None
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append([(w, (float(b) - float(a)) / BOX_PER_POINT) for a, b, w in words])
    return pages


def body_points(words: list[tuple[str, float]]) -> float:
    """The body text size of a page: the 10th percentile of its words' sizes (a chart's
    axis labels and the footer are the smallest few)."""
    sizes = sorted(size for _, size in words)
    return sizes[len(sizes) // 10] if sizes else 0.0


def page_points(pdf: Path) -> list[list[tuple[str, float]]]:
    """Per page, each character and its font size in points as the PDF sets it (pdfplumber:
    the size of an upright character, the width of the line of a turned one, as a chart's
    axis title), footers and charts included."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [
            [
                (c["text"], float(c["size"] if c["upright"] else c["x1"] - c["x0"]))
                for c in page.chars
                if c["text"].strip()
            ]
            for page in doc.pages
        ]


def sheet_of_pages(pdf: Path) -> list[str]:
    """The sheet each page belongs to, from its footer ('Binding, page 3 of 34')."""
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    sheets = []
    for page in text.split("\f")[: page_count(pdf)]:
        found = re.findall(r"^\s*(.+?), page \d+ of \d+\s*$", page, flags=re.MULTILINE)
        sheets.append(found[-1] if found else "")
    return sheets
