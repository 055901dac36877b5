"""Pages of an assessment: start, the step-by-step form (with autosave), submit, the result, and the
staff's list with validate and return."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import extensions
from assessments.certificates import certificate_issue, certificate_on_demand
from assessments.filters import AssessmentListFilter
from assessments.forms_fill import FormStep, form_steps, text
from assessments.models import Assessment, AssessmentKind, AssessmentState, SignupRequest
from assessments.selectors import (
    assessment_evidence,
    assessment_get_for_editor,
    assessment_get_for_user,
    assessment_history,
    enterprise_of,
)
from assessments.services.lifecycle import (
    assessment_missing,
    assessment_return,
    assessment_save_step,
    assessment_start,
    assessment_submit,
    assessment_validate,
)
from core.charts import pillar_radar, svg_data_uri
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.exports import export_job_redirect
from core.http import file_download, site_base_url
from core.types import AuthenticatedRequest
from enterprises.selectors import enterprise_get_for_user


@login_required
def assessment_mine_view(request: AuthenticatedRequest) -> HttpResponse:
    """An enterprise account's home: its assessments and a button to start or continue one."""
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        signup = SignupRequest.objects.filter(user=request.user).first()
        if signup is None:
            raise Http404
        return render(request, "assessments/signup_status.html", {"signup": signup})
    assessments = enterprise.assessments.select_related("version").defer("version__content").order_by("-created_at")
    return render(request, "assessments/assessment_mine.html", {"enterprise": enterprise, "assessments": assessments})


@login_required
def assessment_start_view(request: AuthenticatedRequest) -> HttpResponse:
    """An enterprise starts (or resumes) its self-assessment; staff start an expert-assisted one
    for an enterprise of the registry."""
    if request.method != "POST":
        return redirect("home")
    if request.POST.get("enterprise"):
        # The department, or an expert assigned to the enterprise (enterprise_get_for_user checks).
        if not request.user.has_perm("assessments.add_assessment") and not request.user.has_perm(
            "assessments.review_assessment"
        ):
            raise Http404
        enterprise = enterprise_get_for_user(user=request.user, enterprise_uuid=request.POST["enterprise"])
        kind = AssessmentKind.EXPERT
    else:
        own = enterprise_of(request.user)
        if own is None:
            raise Http404
        enterprise, kind = own, AssessmentKind.SELF
    try:
        assessment = assessment_start(enterprise=enterprise, user=request.user, kind=kind)
        assessment_get_for_editor(user=request.user, assessment_uuid=assessment.uuid)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("home")
    except Http404:  # the enterprise is filling in its own assessment: one at a time
        messages.info(request, _("The enterprise has an assessment in progress; it can be reviewed once submitted."))
        return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)
    return redirect("assessments:assessment-fill", assessment_uuid=assessment.uuid, step="header")


def _step(steps: list[FormStep], key: str) -> FormStep:
    step = next((step for step in steps if step.key == key), None)
    if step is None:
        raise Http404
    return step


@login_required
def assessment_fill_view(request: AuthenticatedRequest, assessment_uuid: Any, step: str) -> HttpResponse:
    """One step of the form. "Next" and "Back" save the step first; a step with errors stays."""
    assessment = assessment_get_for_editor(user=request.user, assessment_uuid=assessment_uuid)
    if not assessment.is_editable:
        return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)
    steps = form_steps(assessment.version.definition)
    current = _step(steps, step)
    form = current.form(assessment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment_save_step(assessment=assessment, step=current, values=form.values())  # type: ignore[attr-defined]
        target = request.POST.get("go", "next")
        index = steps.index(current)
        if target == "back" and index > 0:
            return redirect("assessments:assessment-fill", assessment_uuid=assessment.uuid, step=steps[index - 1].key)
        if target == "next" and index + 1 < len(steps):
            return redirect("assessments:assessment-fill", assessment_uuid=assessment.uuid, step=steps[index + 1].key)
        if any(target == other.key for other in steps):
            return redirect("assessments:assessment-fill", assessment_uuid=assessment.uuid, step=target)
        return redirect("assessments:assessment-submit", assessment_uuid=assessment.uuid)
    return render(request, "assessments/assessment_fill.html", _fill_context(assessment, steps, current, form))


def _fill_context(assessment: Any, steps: list[FormStep], current: FormStep, form: Any) -> dict[str, Any]:
    total = len(assessment.version.criteria())
    answered = total - len(assessment_missing(assessment))
    return {
        "assessment": assessment,
        "steps": steps,
        "step": current,
        "form": form,
        "answered": answered,
        "total_criteria": total,
        "percent": round(100 * answered / total) if total else 0,
        "is_last": current is steps[-1],
    }


@login_required
def assessment_autosave_view(request: AuthenticatedRequest, assessment_uuid: Any, step: str) -> HttpResponse:
    """htmx: save the step as it is being filled; answer with the save status and, for criteria
    with a yes/no question, their block again (the graded question shows once the answer is yes)."""
    assessment = assessment_get_for_editor(user=request.user, assessment_uuid=assessment_uuid)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not assessment.is_editable:
        raise Http404
    steps = form_steps(assessment.version.definition)
    current = _step(steps, step)
    form = current.form(assessment, request.POST, lenient=True)
    saved = form.is_valid()
    if saved:
        assessment = assessment_save_step(assessment=assessment, step=current, values=form.values())  # type: ignore[attr-defined]
    context = _fill_context(assessment, steps, current, form) | {"saved": saved, "now": timezone.localtime()}
    return render(request, "assessments/_autosave.html", context)


@login_required
def assessment_submit_view(request: AuthenticatedRequest, assessment_uuid: Any) -> HttpResponse:
    """The last page: what is still missing, then submit (the result shows at once)."""
    assessment = assessment_get_for_editor(user=request.user, assessment_uuid=assessment_uuid)
    if not assessment.is_editable:
        return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)
    steps = form_steps(assessment.version.definition)
    if request.method == "POST":
        try:
            assessment_submit(assessment=assessment, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Submitted. Here is your result."))
            return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)
    missing = set(assessment_missing(assessment))
    missing_by_step = [
        (step, [c["code"] for i in step.pillar["indicators"] for c in i["criteria"] if c["code"] in missing])
        for step in steps
        if step.pillar is not None
    ]
    context = {
        "assessment": assessment,
        "steps": steps,
        "missing_by_step": [(step, codes) for step, codes in missing_by_step if codes],
        "header_missing": not assessment.respondent_name,
        "answered": len(assessment.version.criteria()) - len(missing),
        "total_criteria": len(assessment.version.criteria()),
    }
    return render(request, "assessments/assessment_submit.html", context)


@login_required
def assessment_detail_view(request: AuthenticatedRequest, assessment_uuid: Any) -> HttpResponse:
    """The result: level, points per pillar, a radar against the province's peers,
    recommendations, and the enterprise's history."""
    assessment = assessment_get_for_user(user=request.user, assessment_uuid=assessment_uuid)
    if not assessment.result:
        try:
            assessment_get_for_editor(user=request.user, assessment_uuid=assessment.uuid)
        except Http404:  # the department sees that it is being filled in, not the answers so far
            return render(request, "assessments/assessment_draft.html", {"assessment": assessment})
        return redirect("assessments:assessment-fill", assessment_uuid=assessment.uuid, step="header")
    definition = assessment.version.definition
    peers = extensions.peers(assessment)
    pillars = []
    for index, (pillar, scored) in enumerate(zip(definition["pillars"], assessment.result["pillars"], strict=True)):
        pillars.append({
            "code": pillar["code"],
            "name": text(pillar["name"]),
            "points": scored["points"],
            "max": scored["max"],
            "level": scored["level"],
            "level_name": text(definition["levels"][scored["level"]]["name"]),
            "peer": peers["pillars"][index] if peers else None,
            "recommendation": text(pillar["recommendations"][str(scored["level"])])
            if str(scored["level"]) in pillar["recommendations"]
            else "",
        })  # fmt: skip
    series = [(_("This enterprise"), [100 * p["points"] / p["max"] for p in pillars])]
    if peers:
        series.append((_("Median of similar enterprises"), [100 * p["peer"] / p["max"] for p in pillars]))
    radar = pillar_radar([f"{p['code']}. {p['name']}" for p in pillars], series)
    history = list(assessment_history(enterprise=assessment.enterprise))
    # Each earlier result with the change from the one before it (history is latest first).
    changes = [
        (item, None if older is None else (item.total or 0) - (older.total or 0),
         None if older is None else (item.overall_level or 0) - (older.overall_level or 0))
        for item, older in zip(history, [*history[1:], None], strict=True)
    ]  # fmt: skip
    context = {
        "assessment": assessment,
        "level_name": text(definition["levels"][assessment.overall_level or 0]["name"]),
        "pillars": pillars,
        "peers": peers,
        "radar": svg_data_uri(radar),
        "history": changes,
        "counted_states": request.tenant.counted_states,
        "rule": assessment.result.get("rule"),
        # The department decides with the evidence in view: every answer, the expert's changes and advice.
        "evidence": assessment_evidence(assessment) if request.user.has_perm("assessments.view_assessment") else None,
        "decidable": assessment.is_decidable and request.user.has_perm("assessments.validate_assessment"),
    }
    return render(request, "assessments/assessment_detail.html", context)


@login_required
def assessment_answers_view(request: AuthenticatedRequest, assessment_uuid: Any) -> HttpResponse:
    """The submitted answers on one printable page (the browser's "Save as PDF" keeps them)."""
    assessment = assessment_get_for_user(user=request.user, assessment_uuid=assessment_uuid)
    if not assessment.result:  # not submitted: the result page says what can be seen of it
        return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)
    context = {
        "assessment": assessment,
        "evidence": assessment_evidence(assessment),
        "level_name": text(assessment.version.definition["levels"][assessment.overall_level or 0]["name"]),
    }
    return render(request, "assessments/assessment_answers.html", context)


@permission_or_404("assessments.view_assessment")
def assessment_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """The department's queue: awaiting a decision first, drafts last, with its count and filters."""
    filterset = AssessmentListFilter(request.GET, province_code=request.tenant.code)
    if invalid := filterset.invalid():
        messages.warning(request, _("Left out, not valid: %(filters)s.") % {"filters": ", ".join(invalid)})
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "form": filterset.form,
        "query": query.urlencode(),
        "export_filters": [(name, value) for name, value in request.GET.items() if name in filterset.filters],
        "pending_signups": SignupRequest.objects.filter(status="pending").count(),
    }
    return render(request, "assessments/assessment_list.html", context)


@permission_or_404("assessments.view_assessment")
def assessment_export_view(request: AuthenticatedRequest) -> HttpResponse:
    """Export the list as filtered on the page; a job builds the file."""
    if request.method != "POST":
        return redirect("assessments:assessment-list")
    filterset = AssessmentListFilter(request.POST, province_code=request.tenant.code)
    filters = {name: request.POST[name] for name in filterset.filters if request.POST.get(name)}
    return export_job_redirect(request, kind="assessment_export", params={"filters": filters})


@permission_or_404("assessments.validate_assessment")
def assessment_decide_view(request: AuthenticatedRequest, assessment_uuid: Any) -> HttpResponse:
    """Staff validate the result, or return it to the enterprise with the reasons."""
    assessment = assessment_get_for_user(user=request.user, assessment_uuid=assessment_uuid)
    if request.method != "POST":
        return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)
    try:
        if request.POST.get("decision") == "validate":
            assessment = assessment_validate(assessment=assessment, user=request.user)
            certificate_issue(assessment=assessment, user=request.user, base_url=site_base_url(request))
            messages.success(request, _("Validated: this result now counts in the province's statistics."))
        else:
            assessment_return(assessment=assessment, reason=request.POST.get("reason", ""), user=request.user)
            messages.success(request, _("Returned to the enterprise with your reasons."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("assessments:assessment-detail", assessment_uuid=assessment.uuid)


@login_required
def assessment_certificate_view(request: AuthenticatedRequest, assessment_uuid: Any) -> HttpResponseBase:
    """The certificate PDF of any validated result, built on demand when it is missing; staff may
    also build it again."""
    assessment = assessment_get_for_user(user=request.user, assessment_uuid=assessment_uuid)
    if assessment.state != AssessmentState.VALIDATED:
        raise Http404
    if request.method == "POST" and request.user.has_perm("assessments.validate_assessment"):
        job = certificate_issue(assessment=assessment, user=request.user, base_url=site_base_url(request))
        return redirect("core:job-detail", job_uuid=job.uuid)
    filename = f"chung-nhan-dbi-{assessment.enterprise.tax_code}.pdf"
    stored = assessment.certificate_file
    if stored and stored.name and stored.storage.exists(stored.name):
        return file_download(stored, filename)
    # Never built (an older result), or its file is gone: build it now; the job page offers the download.
    job = certificate_on_demand(assessment=assessment, user=request.user, base_url=site_base_url(request))
    messages.info(request, _("The certificate is being built; it can be downloaded here in a moment."))
    return redirect("core:job-detail", job_uuid=job.uuid)


def verify_view(request: Any, code: str) -> HttpResponse:
    """Public: is this certificate genuine? The enterprise's name, level and date; nothing else."""
    assessment = (
        Assessment.objects.select_related("enterprise", "version")
        .defer("version__content")
        .filter(certificate_code=code.strip().upper(), state=AssessmentState.VALIDATED)
        .first()
    )
    context = {
        "code": code,
        "assessment": assessment,
        "level_name": assessment.version.definition["levels"][assessment.overall_level or 0]["name"]
        if assessment
        else None,
        "province_name": request.tenant.full_name,
    }
    return render(request, "assessments/verify.html", context, status=200 if assessment else 404)
