"""The brief checked in a real browser and on paper, on the reference case (Dutch), the
mid-term review (French) and a plan that is not the reference case (the suite's capital
budget, English): headless Chromium lays the HTML out on A4 at 96 dpi and nothing overflows,
the chart renders, the text is selectable and a screenshot is taken; the PDF is one A4 page,
its smallest text is at least 9 pt and its words are the HTML's.

CI installs Debian's chromium (.ci/run) and sets PACTOPT_REQUIRE_CHROMIUM=1, so there a
missing browser fails instead of skipping."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from pactopt.pipeline import SolveOptions, run_solve
from pactopt.pipeline.brief import Brief, make_brief
from pactopt.schema.parse import load_pact
from tests.conftest import REPO
from tests.model.tiny import capital_budget, render

pytestmark = pytest.mark.slow

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
if CHROMIUM is None and os.environ.get("PACTOPT_REQUIRE_CHROMIUM") == "1":
    raise RuntimeError("PACTOPT_REQUIRE_CHROMIUM=1 but chromium is not on PATH")
A4_PX = (794, 1123)  # 210 x 297 mm at 96 dpi, rounded up
MIN_PT = 9.0
PROBE = """<script>
const boxes = [];
for (const e of document.querySelectorAll("main, main *")) {
  const r = e.getBoundingClientRect();
  boxes.push([e.tagName, r.left, r.top, r.right, r.bottom, getComputedStyle(e).userSelect]);
}
const out = document.createElement("pre");
out.id = "probe";
out.textContent = JSON.stringify({boxes: boxes, text: document.querySelector("main").innerText});
document.body.appendChild(out);
</script></body>"""


CASES = {
    "reference-nl": (lambda tmp: REPO / "inputs" / "digital_pact_2019_2030.xlsx", "nl"),
    "midterm-fr": (lambda tmp: REPO / "inputs" / "digital_pact_midterm_2025.xlsx", "fr"),
    "capital-en": (lambda tmp: render(capital_budget(), tmp / "capital.xlsx"), "en"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Brief, Path]]:
    """Each case's brief, its HTML and PDF written side by side."""
    tmp = tmp_path_factory.mktemp("brief")
    out = {}
    for case, (path_of, lang) in CASES.items():
        path = path_of(tmp)
        outcome = run_solve(load_pact(path), path, SolveOptions(alternatives=False))
        brief = make_brief(outcome, lang, path, dt.date(2026, 12, 6))
        page = tmp / f"{case}.html"
        page.write_text(brief.html, encoding="utf-8")
        page.with_suffix(".pdf").write_bytes(brief.pdf)
        out[case] = (brief, page)
    return out


def _chromium(*args: str) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={A4_PX[0]},{A4_PX[1]}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _words(text: str) -> Counter[str]:
    """Words as a reader sees them: any space (no-break ones too) separates; the bullets of
    list items (drawn by CSS in the HTML, typeset in the PDF) are left out."""
    return Counter(w for w in re.split(r"[\s\u00a0\u202f]+", text) if w and w != "•")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize("case", list(CASES))
def test_the_html_fits_a4_in_chromium_renders_its_chart_and_reads_as_the_pdf(
    made: dict[str, tuple[Brief, Path]], case: str, tmp_path: Path
) -> None:
    brief, page_file = made[case]
    probe = tmp_path / "probe.html"
    probe.write_text(brief.html.replace("</body>", PROBE), encoding="utf-8")
    dom = _chromium("--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    data = json.loads(html.unescape(found.group(1)))  # the DOM as serialised: &nbsp; etc.
    width, height = A4_PX
    for tag, left, top, right, bottom, select in data["boxes"]:
        assert left >= 0 and top >= 0, (tag, left, top)
        assert right <= width + 0.5 and bottom <= height + 0.5, (tag, right, bottom)
        assert select != "none", tag
    charts = [b for b in data["boxes"] if b[0].lower() == "svg"]
    assert charts and all(b[3] - b[1] > 300 and b[4] - b[2] > 40 for b in charts), charts
    assert brief.document.title.split()[0] in data["text"]
    shot = tmp_path / f"{case}.png"
    _chromium(f"--screenshot={shot}", page_file.as_uri())
    assert shot.stat().st_size > 10_000
    with pdfplumber.open(page_file.with_suffix(".pdf")) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        assert min(c["size"] for c in page.chars) >= MIN_PT - 0.01
        pdf_text = page.extract_text()
    assert _words(pdf_text) == _words(data["text"])
    assert len(page_file.read_bytes()) < 1_000_000
