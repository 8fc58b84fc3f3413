"""Ids a person can trust (issue 27, deliverable 5): an id holding a character that cannot be
seen is an error naming the cell and the code point; composed and decomposed accents are one
id (NFC), and ids that differ only by case are refused as duplicates naming both cells; a
formula that refers to another workbook is a warning naming the cell; `template` writes only
the horizons `validate` takes."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pactopt.errors import InputError, Severity
from pactopt.schema.parse import load_pact
from tests.cli_runner import invoke
from tests.junk_rows import edit_sheet
from tests.unit.test_malformations import both, expect_error, problem_at, put

pytestmark = pytest.mark.fast

Edited = Callable[..., Path]


@pytest.mark.parametrize(
    ("text", "code_point"),
    [
        ("H\u202eC", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("H\u200dC", "U+200D (ZERO WIDTH JOINER)"),
        ("H\u200bC", "U+200B (ZERO WIDTH SPACE)"),
        ("H\u2066C", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("HC\x7f", "U+007F"),
        ("H\x85C", "U+0085"),
        ("H\nC", "U+000A"),
        ("H\tC", "U+0009"),
        ("\ufeffHC", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ],
)
def test_an_id_with_a_character_that_cannot_be_seen_is_an_error(
    edited: Edited, text: str, code_point: str
) -> None:
    path = edited(put("Domains", "id", "HC", text))
    error = expect_error(path, "Domains", "A3", code_point)
    assert problem_at(error.errors, "Domains", "A3").value == text


def test_an_id_list_is_checked_item_by_item(edited: Edited) -> None:
    path = edited(put("BudgetLines", "to_domains", "BL_FED_ICT", "HC; E\u202eCO"))
    expect_error(path, "BudgetLines", "E7", "U+202E")


def test_a_reference_with_a_hidden_character_is_an_error_at_its_cell(edited: Edited) -> None:
    path = edited(put("Instruments", "domain", "HC1", "H\u200dC"))
    expect_error(path, "Instruments", "B3", "U+200D (ZERO WIDTH JOINER)")


def test_composed_and_decomposed_accents_are_one_id(edited: Edited) -> None:
    """'Ré' typed with é (U+00E9) and with e + U+0301 are one id: a duplicate, and a
    reference in either form finds it."""
    duplicate = edited(
        both(put("Domains", "id", "HC", "R\u00e9"), put("Domains", "id", "ECO", "Re\u0301"))
    )
    error = expect_error(duplicate, "Domains", "A4", "duplicate id 'R\u00e9' (first at A3)")
    assert problem_at(error.errors, "Domains", "A4").value == "R\u00e9"
    referenced = edited(
        both(
            put("Domains", "id", "HC", "R\u00e9"),
            *(put("Instruments", "domain", key, "Re\u0301") for key in ("HC1", "HC2", "HC3")),
        )
    )
    with pytest.raises(InputError) as caught:
        load_pact(referenced)
    assert not [p for p in caught.value.errors if "R" in str(p.value)], caught.value


def test_ids_that_differ_only_by_case_are_duplicates_naming_both_cells(edited: Edited) -> None:
    path = edited(put("Domains", "id", "ECO", "hc"))
    error = expect_error(path, "Domains", "A4", "differs only by case")
    rule = problem_at(error.errors, "Domains", "A4").rule
    assert rule == (
        "duplicate id 'hc': it differs only by case from 'HC' (at A3); ids that look alike "
        "must be one id"
    )


def test_a_reference_that_differs_only_by_case_says_which_id_is_there(edited: Edited) -> None:
    path = edited(put("Instruments", "domain", "HC1", "hc"))
    error = expect_error(path, "Instruments", "B3", "unknown Domains id 'hc'")
    assert (
        "ids are case-sensitive: 'HC' is there"
        in problem_at(error.errors, "Instruments", "B3").rule
    )


def _cache(value: str) -> Callable[[str], str]:
    """An edit of a sheet's XML: every formula without a cached value gets ``value``."""

    def edit(xml: str) -> str:
        xml = re.sub(r"(<f>[^<]*</f>)<v\s*/>", rf"\1<v>{value}</v>", xml)
        return re.sub(r"(<f>[^<]*</f>)<v></v>", rf"\1<v>{value}</v>", xml)

    return edit


def test_a_formula_into_another_workbook_is_a_warning_naming_its_cell(
    edited: Edited, tmp_path: Path
) -> None:
    formula = "='[1]Budget 2025'!C7"
    written = edited(put("Instruments", "max_total_meur", "HC1", formula))
    path = edit_sheet(written, tmp_path / "linked.xlsx", "Instruments", _cache("9000"))
    data = load_pact(path)
    [warning] = [w for w in data.warnings if w.cell == "E3"]
    assert warning.sheet == "Instruments" and warning.severity is Severity.WARNING
    assert warning.value == formula
    assert warning.rule.startswith(
        "formula refers to another workbook ('[1]Budget 2025'!): its value is the one cached"
    )
    assert [i.max_total_meur for i in data.instruments if i.id == "HC1"] == [9000.0]


def test_a_formula_with_quoted_brackets_is_no_link(edited: Edited, tmp_path: Path) -> None:
    written = edited(put("Instruments", "max_total_meur", "HC1", '=LEN("[1]x!")+8999'))
    path = edit_sheet(written, tmp_path / "text.xlsx", "Instruments", _cache("9000"))
    assert not [w for w in load_pact(path).warnings if "another workbook" in w.rule]


def with_external_link(source: Path, target: Path) -> Path:
    """``source`` with an externalLink part pointing at a file, used by no cell."""
    link = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink"
    path_kind = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath"
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                part = "externalLinks/externalLink1.xml"
                rel = f'<Relationship Id="rIdLink1" Type="{link}" Target="{part}"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            new.writestr(info, data)
        new.writestr(
            "xl/externalLinks/externalLink1.xml",
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        )
        new.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{path_kind}" Target="file:///C:/plans/budget.xlsx" '
            'TargetMode="External"/></Relationships>',
        )
    return target


def test_a_workbook_linked_to_another_file_is_a_warning_naming_it(
    reference_path: Path, tmp_path: Path
) -> None:
    data = load_pact(with_external_link(reference_path, tmp_path / "linked.xlsx"))
    [warning] = [w for w in data.warnings if "links to other files" in w.rule]
    assert "file:///C:/plans/budget.xlsx" in warning.rule
    assert warning.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("first", "last"), [(2050, 2110), (1990, 2000), (2099, 2101), (2000, 2100), (2030, 2020)]
)
def test_template_refuses_the_horizons_validate_refuses(
    tmp_path: Path, first: int, last: int
) -> None:
    out = tmp_path / "t.xlsx"
    ran = invoke("template", out, "--first-year", str(first), "--last-year", str(last))
    assert ran.code == 2, ran.stderr
    assert "--first-year/--last-year" in ran.stderr or "--last-year" in ran.stderr
    assert not out.exists()
    from pactopt.schema.settings import horizon_problem  # the rule both commands share

    assert horizon_problem(first, last) is not None


@pytest.mark.parametrize(("first", "last"), [(2000, 2099), (2001, 2100), (2100, 2100)])
def test_every_horizon_template_writes_validate_takes(
    tmp_path: Path, first: int, last: int
) -> None:
    out = tmp_path / "t.xlsx"
    assert invoke("template", out, "--first-year", str(first), "--last-year", str(last)).code == 0
    with pytest.raises(InputError) as caught:  # an empty template: no rows yet
        load_pact(out)
    assert not [p for p in caught.value.errors if p.sheet == "Settings"], caught.value


def test_a_workbook_with_trusted_ids_has_no_new_warning(reference_path: Path) -> None:
    assert not [w for w in load_pact(reference_path).warnings if "workbook" in w.rule]
