"""Results gathered outside the portal: a filled survey template (template.py) imported as scored
assessments, each marked with its source.

The check writes nothing and gives every row that cannot be imported with its reasons (an unknown tax
code, an option out of range, a denominator of 0…). The import checks again and writes every valid
row in one transaction, each through the same services as an assessment typed into the form
(submitted and scored by the engine, then validated if asked), so its events, snapshot and audit
entries are those of any other; a crash leaves nothing written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Assessment, AssessmentImport, AssessmentImportStatus, AssessmentState, ModelVersion
from assessments.scoring import AnswerError, ScoringModel, answers_parse, score
from assessments.selectors import scoring_model
from assessments.services.lifecycle import assessment_submit, assessment_validate
from assessments.template import Column, headers_read, template_columns
from core.services import audit_record
from enterprises.importing.reading import ImportFileError, check_file, read_table
from enterprises.importing.validation import cell_date, cell_decimal, cell_text
from enterprises.models import Enterprise
from enterprises.selectors import TaxCodeMatch, enterprise_match, match_message
from reference.text import fold

if TYPE_CHECKING:
    from accounts.models import User

# Each row is written through the services, about 40 ms a validated row on the 2-core machine: the
# page, which imports within its request (gunicorn gives it 60 s), takes files of up to this many
# rows, about 20 s; the command takes IMPORT_MAX_ROWS.
PAGE_MAX_ROWS = 500
IMPORT_STATES = (AssessmentState.SUBMITTED, AssessmentState.VALIDATED)
_TICKED = {"x", "1", "co", "yes", "v", "true", "✓", "✔"}
_UNTICKED = {"", "0", "khong", "no", "false"}
_NO = {"khong", "no"}
SUMMARY = {"created": "create", "rejected": "rejected", "unmatched": "unmatched"}  # key → a row's outcome


@dataclass
class ImportRow:
    row: int
    tax_code: str
    outcome: str = "create"  # create, rejected, unmatched
    reasons: list[str] = field(default_factory=list)
    enterprise_id: int | None = None
    enterprise_name: str = ""
    total: int | None = None  # the engine's result, shown on the preview
    level: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # what the assessment is written with


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # file header → template column key
    ignored: list[str] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str) -> int:
        return sum(row.outcome == outcome for row in self.rows)

    def summary(self) -> dict[str, int]:
        """Disjoint: created + rejected + unmatched is every row read."""
        return {
            "created": self.count("create"),
            "rejected": self.count("rejected"),
            "unmatched": self.count("unmatched"),
        }

    def left_out(self) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome != "create"]

    def as_json(self) -> dict[str, Any]:
        def row_json(row: ImportRow) -> dict[str, Any]:
            return {key: value for key, value in asdict(row).items() if key != "values"}

        return {
            "summary": self.summary(),
            "written": self.written,
            "rows": [row_json(row) for row in self.rows],
            "columns": list(self.columns.items()),
            "ignored": self.ignored,
        }


def assessment_import_check(
    *, version: ModelVersion, path: Path, filename: str, max_rows: int = PAGE_MAX_ROWS
) -> ImportCheck:
    """Read a filled template and check every row against the registry and the model; writes nothing.
    Raises ImportFileError when the file cannot be read or lacks a column every row needs."""
    table = read_table(path, filename=filename, max_bytes=settings.IMPORT_MAX_BYTES, max_rows=max_rows)
    definition = version.definition
    found, ignored = headers_read(definition, table.headers)
    keys = {column.key for column in found.values()}
    missing = [column for column in template_columns(definition) if column.required and column.key not in keys]
    if missing:
        raise ImportFileError(
            gettext_lazy(
                "The file is not a filled template of %(version)s: no column for %(columns)s. "
                "Download the template and copy the answers into it."
            ),
            {"version": str(version), "columns": ", ".join(column.header() for column in missing[:12])},
        )
    check = ImportCheck(columns={table.headers[index]: column.key for index, column in found.items()}, ignored=ignored)
    model = scoring_model(version)
    today = timezone.localdate()
    valid_from = date.fromisoformat(definition["valid_from"])
    matches: dict[str, TaxCodeMatch] = {}
    seen: dict[int, int] = {}
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        raw = {column.key: (cells[index] if index < len(cells) else None) for index, column in found.items()}
        row = ImportRow(row=number, tax_code=cell_text(raw["tax_code"]).strip())
        check.rows.append(row)
        _read_tax_code(row, matches, seen)
        _read_respondent(row, raw, today, valid_from)
        _read_answers(row, raw, found, model)
        if row.reasons and row.outcome == "create":
            row.outcome = "rejected"
    _already_imported(check)
    return check


def _read_tax_code(row: ImportRow, matches: dict[str, TaxCodeMatch], seen: dict[int, int]) -> None:
    if not row.tax_code:
        row.outcome = "rejected"
        row.reasons.append(_("The tax code is empty."))
        return
    if row.tax_code not in matches:
        matches[row.tax_code] = enterprise_match(row.tax_code)
    match = matches[row.tax_code]
    if match.problem:
        row.outcome = "rejected" if match.problem == "invalid" else "unmatched"
        # An unknown or ambiguous code is named by the message itself.
        invalid = f"{_('Tax code')} “{row.tax_code}”: " if match.problem == "invalid" else ""
        row.reasons.append(invalid + match_message(match))
        return
    enterprise = match.enterprise
    assert enterprise is not None
    row.tax_code, row.enterprise_id, row.enterprise_name = match.tax_code, enterprise.pk, enterprise.name
    row.values["contact"] = {"phone": enterprise.phone, "email": enterprise.email}
    if enterprise.archived_at is not None:
        row.reasons.append(_("This enterprise is archived; restore it before assessing it."))
    if enterprise.pk in seen:
        row.reasons.append(_("The same enterprise is already on row %(row)s.") % {"row": seen[enterprise.pk]})
    seen.setdefault(enterprise.pk, row.row)


def _read_respondent(row: ImportRow, raw: dict[str, Any], today: date, valid_from: date) -> None:
    name = " ".join(cell_text(raw["respondent_name"]).split())
    position = " ".join(cell_text(raw.get("respondent_position")).split())
    phone = cell_text(raw.get("respondent_phone")).strip()
    email = cell_text(raw.get("respondent_email")).strip()
    if not name:
        row.reasons.append(_("The respondent's name is empty."))
    for value, limit, label in ((name, 150, _("Respondent")), (position, 150, _("Respondent's position")),
                                (phone, 50, _("Respondent's phone"))):  # fmt: skip
        if len(value) > limit:
            row.reasons.append(_too_long(str(label), limit))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.reasons.append(_("“%(value)s” is not an e-mail address.") % {"value": email})
    contact = row.values.pop("contact", {})
    if not (phone or email):  # as an expert's assessment starts: the registry's contact
        phone, email = contact.get("phone", ""), contact.get("email", "")
        if row.enterprise_id is not None and not (phone or email):
            row.reasons.append(
                _("Give the respondent's phone or e-mail: the registry has neither for this enterprise.")
            )
    row.values |= {
        "respondent_name": name,
        "respondent_position": position,
        "respondent_phone": phone[:50],
        "respondent_email": email,
    }
    try:
        answered_on = cell_date(raw["date"])
    except (ValueError, OverflowError):
        row.reasons.append(_("The date “%(value)s” is not a date (dd/mm/yyyy).") % {"value": cell_text(raw["date"])})
        return
    if answered_on is None:
        row.reasons.append(_("The assessment date is empty."))
    elif answered_on > today:
        row.reasons.append(_("The assessment date %(date)s is in the future.") % {"date": f"{answered_on:%d/%m/%Y}"})
    elif answered_on < valid_from:
        row.reasons.append(
            _("The assessment date %(date)s is before the model came into force (%(from)s).")
            % {"date": f"{answered_on:%d/%m/%Y}", "from": f"{valid_from:%d/%m/%Y}"}
        )
    else:
        row.values["date"] = answered_on.isoformat()


def _too_long(name: str, limit: int) -> str:
    return _("%(field)s is longer than %(limit)s characters.") % {"field": name, "limit": limit}


def _read_answers(row: ImportRow, raw: dict[str, Any], found: dict[int, Column], model: ScoringModel) -> None:
    answers: dict[str, Any] = {}
    unanswered: list[str] = []
    part_b: dict[str, int] = {}
    part_c: list[str] = []
    part_d: dict[str, Any] = {"support": [], "answers": {}}
    for column in found.values():
        value = raw[column.key]
        if column.part == "graded":
            answer = _graded(column, value, row, model)
            if answer is None:
                unanswered.append(column.code)
            elif answer is not False:
                answers[column.code] = answer
        elif column.part == "numerator":
            ratio = _ratio(column, value, raw.get(f"{column.code}/d"), row, model)
            if ratio is None:
                unanswered.append(column.code)
            elif ratio is not False:
                answers[column.code] = ratio
        elif column.part == "part_b":
            _part_b(column, value, part_b, row)
        elif column.part in ("part_c", "part_d"):
            if _ticked(column, value, row):
                (part_c if column.part == "part_c" else part_d["support"]).append(column.code)
        elif column.part == "part_d_text":
            text = cell_text(value).strip()
            if len(text) > 2000:
                row.reasons.append(_too_long(column.code, 2000))
            elif text:
                part_d["answers"][column.code] = text
    if unanswered:
        row.reasons.append(
            _("%(count)s criteria are not answered yet: %(codes)s.")
            % {"count": len(unanswered), "codes": ", ".join(unanswered)}
        )
    row.values |= {"answers": answers, "part_b": part_b, "part_c": part_c, "part_d": part_d}
    if not row.reasons:
        result = score(model, answers_parse(model, answers))
        row.total, row.level = result.total, result.overall_level


def _graded(column: Column, value: Any, row: ImportRow, model: ScoringModel) -> int | bool | None:
    """The option number; None when empty, False when refused (the reason is on the row)."""
    text = cell_text(value).strip()
    if not text:
        return None
    item = column.item or {}
    gate = "gate" in item
    if gate and fold(text) in _NO:
        return 0
    number: Any = value
    if isinstance(value, str):
        try:
            number = int(text)
        except ValueError:
            number = text
    if number == 0 and not gate:  # the form asks no yes/no question here: an option must be chosen
        row.reasons.append(
            _("Criterion %(code)s: “%(value)s” is not an option; choose one from 1 to %(count)s.")
            % {"code": column.code, "value": text, "count": len(item["options"])}
        )
        return False
    try:
        answers_parse(model, {column.code: number})
    except AnswerError as error:
        row.reasons.append(f"{error.message} (“{text}”)")
        return False
    return int(number)


def _ratio(
    column: Column, numerator: Any, denominator: Any, row: ImportRow, model: ScoringModel
) -> dict[str, float] | bool | None:
    blank = [cell_text(cell).strip() == "" for cell in (numerator, denominator)]
    if all(blank):
        return None
    if any(blank):
        row.reasons.append(_("Criterion %(code)s: give both numbers.") % {"code": column.code})
        return False
    try:
        numbers = [cell_decimal(cell) for cell in (numerator, denominator)]
    except (ValueError, ArithmeticError):
        row.reasons.append(
            _("Criterion %(code)s: “%(numerator)s” and “%(denominator)s” must be numbers.")
            % {"code": column.code, "numerator": cell_text(numerator), "denominator": cell_text(denominator)}
        )
        return False
    ratio = {"numerator": float(numbers[0] or 0), "denominator": float(numbers[1] or 0)}
    try:
        answers_parse(model, {column.code: ratio})
    except AnswerError as error:
        row.reasons.append(error.message)
        return False
    return ratio


def _part_b(column: Column, value: Any, part_b: dict[str, int], row: ImportRow) -> None:
    text = cell_text(value).strip()
    if not text:
        return
    if text in {"0", "1", "2", "3", "4", "5"}:
        part_b[column.code] = int(text)
    else:
        row.reasons.append(
            _("%(code)s: “%(value)s” is not a score from 0 to 5.") % {"code": column.code, "value": text}
        )


def _ticked(column: Column, value: Any, row: ImportRow) -> bool:
    text = fold(cell_text(value))
    if value is True or text in _TICKED:
        return True
    if value is False or text in _UNTICKED:
        return False
    row.reasons.append(
        _("%(code)s: tick with “x” or leave it empty, not “%(value)s”.")
        % {"code": column.code, "value": cell_text(value)}
    )
    return False


def _already_imported(check: ImportCheck) -> None:
    """Importing the same file again adds nothing: an enterprise already assessed on the row's date
    (submitted that day, in the portal or by an import) is left out, saying so."""
    dated = [row for row in check.rows if row.outcome == "create"]
    taken = {
        (enterprise_id, timezone.localtime(submitted).date().isoformat())
        for enterprise_id, submitted in Assessment.objects.filter(
            enterprise_id__in={row.enterprise_id for row in dated}, submitted_at__isnull=False
        ).values_list("enterprise_id", "submitted_at")
    }
    for row in dated:
        if (row.enterprise_id, row.values.get("date")) in taken:
            row.outcome = "rejected"
            row.reasons.append(
                _("This enterprise already has an assessment submitted on %(date)s; it is not imported twice.")
                % {"date": date.fromisoformat(row.values["date"]).strftime("%d/%m/%Y")}
            )
            row.total = row.level = None


def assessment_import(
    *,
    version: ModelVersion,
    path: Path,
    filename: str,
    user: User | None,
    state: str = AssessmentState.SUBMITTED,
    source: str = "",
    dry_run: bool = False,
    max_rows: int = PAGE_MAX_ROWS,
) -> ImportCheck:
    """Check the file; unless `dry_run`, write its valid rows as scored assessments in `state`
    (submitted or validated), all in one transaction. `source` (the file's name when empty) marks
    each assessment."""
    if state not in IMPORT_STATES:
        raise ImportFileError(gettext_lazy("Imported assessments are either submitted or validated."))
    source = (" ".join(source.split()) or filename)[:300]
    check = assessment_import_check(version=version, path=path, filename=filename, max_rows=max_rows)
    if dry_run:
        return check
    with transaction.atomic():
        enterprises = Enterprise.objects.in_bulk([row.enterprise_id for row in check.rows if row.outcome == "create"])
        now = timezone.now()
        for row in check.rows:
            if row.outcome == "create":
                _write(row, enterprises[row.enterprise_id], version, user, state, source, now)
        audit_record(
            actor=user,
            action="assessment.import",
            obj=version,
            changes={"file": filename, "source": source, "state": state, **check.summary()},
        )
        check.written = True
    return check


def _write(
    row: ImportRow, enterprise: Enterprise, version: ModelVersion, user: User | None, state: str, source: str,
    now: datetime,
) -> None:  # fmt: skip
    values = row.values
    assessment = Assessment.objects.create(
        enterprise=enterprise,
        version=version,
        created_by=user,
        source=source,
        respondent_name=values["respondent_name"],
        respondent_position=values["respondent_position"],
        respondent_phone=values["respondent_phone"],
        respondent_email=values["respondent_email"],
        answers=values["answers"],
        part_b=values["part_b"],
        part_c=values["part_c"],
        part_d=values["part_d"],
        steps_done=["header", *(f"p{pillar['code']}" for pillar in version.definition["pillars"]), "b", "c", "d"],
    )
    audit_record(
        actor=user, action="assessment.start", obj=assessment, changes={"kind": assessment.kind, "source": source}
    )
    # The result counts in the period of the day the enterprise answered, not of the day it was typed.
    answered = timezone.make_aware(datetime.combine(date.fromisoformat(values["date"]), time(12)))
    assessment = assessment_submit(assessment=assessment, user=user, submitted_at=min(answered, now))
    if state == AssessmentState.VALIDATED:
        assessment_validate(assessment=assessment, user=user)


def assessment_import_upload(
    *, upload: UploadedFile, version: ModelVersion, state: str, source: str, user: User
) -> AssessmentImport:
    """Keep the uploaded file and check it (nothing is written); an unreadable file is not kept."""
    check_file(filename=upload.name or "", size=upload.size or 0, max_bytes=settings.IMPORT_MAX_BYTES)
    if state not in IMPORT_STATES:
        raise ImportFileError(gettext_lazy("Imported assessments are either submitted or validated."))
    filename = Path(upload.name or "survey").name[:255]
    batch = AssessmentImport(
        version=version, filename=filename, state=state, source=(" ".join(source.split()) or filename)[:300],
        uploaded_by=user,
    )  # fmt: skip
    batch.file.save(filename, upload, save=False)
    try:
        check = assessment_import_check(version=version, path=Path(batch.file.path), filename=filename)
    except ImportFileError:
        batch.file.delete(save=False)  # the names and phones of a refused file are not kept
        raise
    batch.report = check.as_json()
    with transaction.atomic():
        batch.save()
        audit_record(
            actor=user, action="assessment.import_upload", obj=batch, changes={"file": filename, **check.summary()}
        )
    return batch


def assessment_import_confirm(*, batch: AssessmentImport, user: User) -> AssessmentImport:
    """Import a checked file: its rows are checked again against the registry as it is now."""
    with transaction.atomic():
        # Locked, so a double click imports once.
        batch = AssessmentImport.objects.select_for_update().select_related("version").get(pk=batch.pk)
        if batch.status != AssessmentImportStatus.PREVIEWED:
            raise ImportFileError(gettext_lazy("This file was already imported."))
        if not batch.file or not Path(batch.file.path).is_file():
            raise ImportFileError(gettext_lazy("The file is no longer kept; upload it again."))
        check = assessment_import(
            version=batch.version, path=Path(batch.file.path), filename=batch.filename, user=user,
            state=batch.state, source=batch.source,
        )  # fmt: skip
        batch.report, batch.status = check.as_json(), AssessmentImportStatus.DONE
        batch.save(update_fields=["report", "status"])
    return batch


def assessment_import_files_purge(*, days: int | None = None) -> int:
    """Delete the uploaded survey files older than IMPORT_FILE_TTL_DAYS (they name people and their
    phones); the imports' rows, with their reports, stay for the record."""
    limit = timezone.now() - timedelta(days=days or settings.IMPORT_FILE_TTL_DAYS)
    count = 0
    for batch in AssessmentImport.objects.filter(created_at__lt=limit).exclude(file=""):
        batch.file.delete(save=False)
        batch.save(update_fields=["file"])
        count += 1
    return count
