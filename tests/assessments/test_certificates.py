"""The certificate of a validated level: a Vietnamese A4 PDF built by a job, and a public
verification page that shows nothing private."""

from __future__ import annotations

import io
from typing import Any

from django_tenants.utils import schema_context
from pypdf import PdfReader

from assessments.models import Assessment
from tests.assessments.conftest import Setting, submitted_by_owner
from tests.conftest import World, client_for


def test_validating_builds_a_certificate_with_the_vietnamese_text(
    world: World,
    setting: Setting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assessment = submitted_by_owner(world, setting)
    officer = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/assessments/{assessment.uuid}/decide/", {"decision": "validate"})
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.select_related("version").get(pk=assessment.pk)
        level_name = assessment.version.definition["levels"][assessment.overall_level]["name"]["vi"]
    assert assessment.certificate_code
    owner = client_for(world.province_a, setting.owner)
    response = owner.get(f"/assessments/{assessment.uuid}/certificate/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="chung-nhan-dbi-0100109106.pdf"')
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert pdf.pages[0].mediabox.width > pdf.pages[0].mediabox.height  # A4 landscape
    text = " ".join(pdf.pages[0].extract_text().split())
    for expected in (
        "GIẤY CHỨNG NHẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Công ty Được Giao",
        "Mã số thuế: 0100109106",
        f"Mức {assessment.overall_level} — {level_name}",
        assessment.certificate_code,
    ):
        assert expected in text, expected
    fonts = pdf.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    assert any("Serif" in str(font.get_object()["/BaseFont"]) for font in fonts.values())  # embedded serif
    # Another enterprise of the province cannot download it.
    with schema_context(world.province_a.schema_name):
        from enterprises.models import EnterpriseAccount

        other = EnterpriseAccount.objects.exclude(user=setting.owner).values_list("user", flat=True).first()
    assert (
        other is None
        or client_for(world.province_a).get(f"/assessments/{assessment.uuid}/certificate/").status_code == 302
    )


def test_the_verification_page_confirms_and_shows_nothing_private(
    world: World,
    setting: Setting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assessment = submitted_by_owner(world, setting)
    officer = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/assessments/{assessment.uuid}/decide/", {"decision": "validate"})
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
    page = client_for(world.province_a).get(f"/verify/{assessment.certificate_code}/")
    assert page.status_code == 200
    assert "Công ty Được Giao" in page.text
    assert f"{assessment.overall_level} – " in page.text
    for private in ("0100109106", f"{assessment.total}/320", "giamdoc@duocgiao.vn", "Phạm Thị Lan", "lan@mp.vn"):
        assert private not in page.text, private
    assert client_for(world.province_a).get("/verify/KHONG-CO/").status_code == 404
    assert client_for(world.province_b).get(f"/verify/{assessment.certificate_code}/").status_code == 404
