"""The survey template of a model version: one row per enterprise, one column per answer.

Districts, associations and consultants survey enterprises on paper or in Excel; the department types
the results into this template and imports it (services/importing.py). The columns come from the
version's definition, so every published version has its own template: the respondent, the date, one
column per criterion (code and short title; two for a ratio criterion, its numerator and
denominator), then Parts B–D. Headers are written in the reader's language and read in either.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reference.text import fold

if TYPE_CHECKING:
    from assessments.models import ModelVersion

# The respondent's columns: the key, the header, whether a row must fill it.
HEADER_COLUMNS: tuple[tuple[str, Any, bool], ...] = (
    ("tax_code", _("Tax code"), True),
    ("respondent_name", _("Respondent"), True),
    ("respondent_position", _("Respondent's position"), False),
    ("respondent_phone", _("Respondent's phone"), False),
    ("respondent_email", _("Respondent's e-mail"), False),
    ("date", _("Assessment date"), True),
)
NUMERATOR, DENOMINATOR = _("numerator"), _("denominator")
# A criterion or item code at the start of a header: 1.1.1, B1.1, C3, D7.
_CODE = re.compile(r"^\s*([A-Da-d]?\d+(?:\.\d+)*)(?![\w.])")
_NUMERATOR_WORDS = ("tu so", "numerator")
_DENOMINATOR_WORDS = ("mau so", "denominator")


@dataclass(frozen=True)
class Column:
    key: str  # tax_code … date, a criterion code, "<code>/n" or "<code>/d" for a ratio, a Part B–D code
    part: str  # header, graded, numerator, denominator, part_b, part_c, part_d, part_d_text
    code: str  # the criterion or item code ("" for the respondent's columns)
    required: bool
    item: dict[str, Any] | None = None  # the criterion or item of the definition
    label: Any = None  # the respondent's columns: a lazy text
    word: Any = None  # a ratio's column: numerator or denominator

    def header(self) -> str:
        """The column's title in the active language."""
        if self.item is None:
            return str(self.label)
        title = f"{self.code} {_text(self.item.get('title') or self.item['text'])}"
        return f"{title} ({self.word})" if self.word is not None else title


def _text(value: dict[str, str]) -> str:
    language = translation.get_language() or "vi"
    return value.get(language[:2]) or value["vi"]


def template_columns(definition: dict[str, Any]) -> list[Column]:
    """The template's columns, in order, for a checked model definition."""
    columns = [Column(key, "header", "", required, label=label) for key, label, required in HEADER_COLUMNS]
    for pillar in definition["pillars"]:
        for indicator in pillar["indicators"]:
            for item in indicator["criteria"]:
                code = item["code"]
                if item["kind"] == "graded":
                    columns.append(Column(code, "graded", code, True, item))
                    continue
                columns.append(Column(f"{code}/n", "numerator", code, True, item, word=NUMERATOR))
                columns.append(Column(f"{code}/d", "denominator", code, True, item, word=DENOMINATOR))
    items = [
        *((item, "part_b") for group in definition["part_b"] for item in group["items"]),
        *((item, "part_c") for item in definition["part_c"]),
        *((item, "part_d") for item in definition["part_d"]["support"]),
        *((item, "part_d_text") for item in definition["part_d"]["questions"]),
    ]
    columns += [Column(item["code"], part, item["code"], False, item) for item, part in items]
    return columns


def _key(title: str) -> str:
    return fold(title).strip()


def headers_read(definition: dict[str, Any], headers: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Which column of the template each header of a file is (position → column), in Vietnamese or
    English, and the headers that are none. A header that starts with a known code is that code's
    column even when its title was shortened; a ratio's two columns say numerator or denominator."""
    columns = template_columns(definition)
    exact: dict[str, Column] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for column in columns:
                exact.setdefault(_key(column.header()), column)
    by_code: dict[str, list[Column]] = {}
    for column in columns:
        if column.code:
            by_code.setdefault(column.code, []).append(column)
    found: dict[int, Column] = {}
    ignored: list[str] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        known = exact.get(_key(header)) or _by_code(header, by_code)
        if known is None or known.key in taken:
            if header.strip():
                ignored.append(header)
            continue
        found[index] = known
        taken.add(known.key)
    return found, ignored


def _by_code(header: str, by_code: dict[str, list[Column]]) -> Column | None:
    match = _CODE.match(header)
    candidates = by_code.get(match.group(1).upper()) if match else None
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    folded = fold(header)
    if any(word in folded for word in _NUMERATOR_WORDS):
        return candidates[0]
    if any(word in folded for word in _DENOMINATOR_WORDS):
        return candidates[1]
    return None


def _answers_hint(column: Column) -> str:
    """What a cell of the column holds, for the guide sheet."""
    item = column.item or {}
    if column.part == "graded":
        options = [f"{number} = {_text(option['text'])}" for number, option in enumerate(item["options"], start=1)]
        if "gate" in item:
            options.insert(0, "0 = " + gettext("No") + f" ({_text(item['gate'])})")
        return "\n".join(options)
    if column.part in ("numerator", "denominator"):
        return _text(item[column.part]) + " — " + gettext("a number; the numerator cannot exceed the denominator")
    if column.part == "part_b":
        return gettext("0 to 5 (0: not at all, 5: fully); may be left empty")
    if column.part in ("part_c", "part_d"):
        return gettext("“x” if it applies, else empty")
    if column.part == "part_d_text":
        return gettext("Free text; may be left empty")
    if column.key == "date":
        return gettext("dd/mm/yyyy: the day the enterprise answered; the result counts in that period")
    if column.key == "tax_code":
        return gettext("As in the registry: 10 digits, 13 with a branch number, or 12 for a household business")
    if column.key in ("respondent_phone", "respondent_email"):
        return gettext("A phone or an e-mail is needed; when both are empty, the registry's are used")
    return ""


def template_workbook(version: ModelVersion) -> bytes:
    """The version's template as an XLSX file, headers in the active language: the answers sheet
    (read by the import) and a guide sheet with every question and its options."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    definition = version.definition
    columns = template_columns(definition)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = gettext("Answers")
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    fills = {
        "header": PatternFill("solid", fgColor="DDEBF7"),
        "part_b": PatternFill("solid", fgColor="FFF2CC"),
        "part_c": PatternFill("solid", fgColor="FCE4D6"),
        "part_d": PatternFill("solid", fgColor="E2EFDA"),
        "part_d_text": PatternFill("solid", fgColor="E2EFDA"),
    }
    rows = 1000
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position, value=column.header())
        cell.font, cell.alignment = bold, wrap
        if column.part in fills:
            cell.fill = fills[column.part]
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = 16 if column.part != "header" else 22
        cells = f"{letter}2:{letter}{rows + 1}"
        if column.key in ("tax_code", "respondent_phone"):  # kept as typed: leading zeros stay
            for (data_cell,) in sheet[cells]:
                data_cell.number_format = "@"
        validation = _validation(column, DataValidation)
        if validation is not None:
            validation.error = _answers_hint(column)
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(cells)
    sheet.row_dimensions[1].height = 90
    sheet.freeze_panes = "C2"

    guide = workbook.create_sheet(gettext("Guide"))
    guide.append([f"{_text(definition['title'])} — {version.key} v{version.number}"])
    guide.append([gettext("One row per enterprise on the first sheet; keep its header row as it is.")])
    guide.append([])
    guide.append([gettext("Column"), gettext("Question"), gettext("What to write")])
    for cell in guide[1] + guide[4]:
        cell.font = bold
    for column in columns:
        item = column.item or {}
        question = _text(item["question"]) if "question" in item else ""
        guide.append([column.header(), question, _answers_hint(column)])
    for letter, width in (("A", 45), ("B", 70), ("C", 70)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = wrap
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validation(column: Column, kind: Any) -> Any:
    """Excel's own check of a cell, so a typo is caught while typing (the import checks again)."""
    item = column.item or {}
    if column.part == "graded":
        low = 0 if "gate" in item else 1
        return kind(type="whole", operator="between", formula1=str(low), formula2=str(len(item["options"])))
    if column.part in ("numerator", "denominator"):
        return kind(type="decimal", operator="greaterThanOrEqual", formula1="0")
    if column.part == "part_b":
        return kind(type="whole", operator="between", formula1="0", formula2="5")
    if column.part in ("part_c", "part_d"):
        return kind(type="list", formula1='"x"')
    if column.key == "date":
        return kind(type="date", operator="greaterThan", formula1="36526")  # after 1/1/2000
    return None


def template_filename(version: ModelVersion) -> str:
    language = (translation.get_language() or "vi")[:2]
    return f"{version.key}-v{version.number}-{language}.xlsx"
