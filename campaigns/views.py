"""Plans, tasks and the activity log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.forms import (
    ActivityFilterForm,
    ActivityForm,
    ParticipantForm,
    SheetForm,
    SupportForm,
    TargetForm,
    TaskUpdateForm,
)
from campaigns.models import Activity, AttendanceStatus, EnterpriseProposal, Plan, ProposalStatus, Task, TaskUpdate
from campaigns.selectors import (
    activity_get_for_editor,
    activity_get_for_user,
    activity_list,
    activity_participants,
    agencies_of,
    may_log_activities,
    may_report_on,
    may_use_programme_or_404,
    my_task_rows,
    plan_get,
    plan_tasks,
    sees_everything,
    signup_counts,
    task_get,
    task_statuses,
    tasks_of,
    update_deadline,
)
from campaigns.services import activity_save, proposal_decide, task_update_save
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.exports import export_job_redirect
from core.forms import filters_given
from core.http import client_ip, file_download, is_uuid
from core.types import AuthenticatedRequest


@permission_or_404("programme.view_plan")
def plan_list_view(request: AuthenticatedRequest) -> HttpResponse:
    plans = Plan.objects.all()
    return render(request, "campaigns/plan_list.html", {"plans": plans})


@permission_or_404("programme.view_plan")
def plan_detail_view(request: AuthenticatedRequest, plan_uuid: Any) -> HttpResponse:
    plan = plan_get(plan_uuid=plan_uuid)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "statuses": task_statuses(plan_tasks(plan), year=today.year, today=today),
        "deadline": update_deadline(today.year),
        "year": today.year,
    }
    return render(request, "campaigns/plan_detail.html", context)


@login_required
def my_tasks_view(request: AuthenticatedRequest) -> HttpResponse:
    """An agency's home: the plan tasks its agencies lead or help with, and where their own update of
    this year stands (sent, not yet, overdue), with the way to send it."""
    may_use_programme_or_404(request.user)
    today = timezone.localdate()
    mine = agencies_of(request.user)
    context = {
        "rows": my_task_rows(user=request.user, year=today.year, today=today),
        "agencies": mine,
        "deadline": update_deadline(today.year),
        "year": today.year,
        "may_add": may_log_activities(request.user),
    }
    return render(request, "campaigns/my_tasks.html", context)


@login_required
def task_detail_view(request: AuthenticatedRequest, task_uuid: Any) -> HttpResponse:
    """A task: its targets, its agencies' yearly updates, its activities; the update form for the
    people of its agencies (and department staff)."""
    may_use_programme_or_404(request.user)
    task = task_get(task_uuid=task_uuid)
    visible = sees_everything(request.user) or tasks_of(request.user).filter(pk=task.pk).exists()
    if not visible:
        raise Http404
    agencies = may_report_on(request.user, task)
    today = timezone.localdate()
    years = [today.year, today.year - 1]
    initial = {}
    if agencies.count() == 1:  # correcting this year's update starts from what was sent
        sent = TaskUpdate.objects.filter(task=task, agency=agencies.first(), year=today.year).first()
        if sent is not None:
            initial = {"progress": sent.progress, "narrative": sent.narrative, "figures": sent.figures}
    form = TaskUpdateForm(request.POST or None, request.FILES or None, agencies=agencies, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task_update_save(
                task=task, agency=data["agency"], year=data["year"], progress=data["progress"],
                narrative=data["narrative"], figures=data["figures"], attachment=data["attachment"],
                user=request.user, ip=client_ip(request),
            )  # fmt: skip
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Update saved."))
            return redirect("programme:task-detail", task_uuid=task.uuid)
    context = {
        "task": task,
        "updates": task.updates.select_related("agency", "submitted_by"),
        "activities": activity_list(user=request.user, task=str(task.uuid))[:50],
        "form": form if agencies.exists() else None,
        "deadline": update_deadline(today.year),
        "status": task_statuses([task], year=today.year, today=today)[0],
        "budgets": task.budgets.all(),
        "target_form": TargetForm() if request.user.has_perm("programme.change_plan") else None,
    }
    return render(request, "campaigns/task_detail.html", context)


@login_required
def activity_list_view(request: AuthenticatedRequest) -> HttpResponse:
    may_use_programme_or_404(request.user)
    first = Activity.objects.aggregate(first=Min("starts_on"))["first"]
    this_year = timezone.localdate().year
    years = list(range(this_year + 1, (first.year if first else this_year) - 1, -1))
    form = ActivityFilterForm(request.GET or None, years=years)
    activities = activity_list(user=request.user, **form.filters())
    page = Paginator(activities, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filters": filters_given(request.GET, form),
        "may_add": may_log_activities(request.user),
    }
    return render(request, "campaigns/activity_list.html", context)


@login_required
def activity_detail_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    participants = activity_participants(activity)
    context = {
        "activity": activity,
        "participants": participants,
        "co_organisers": activity.co_organisers.all(),
        "participant_form": ParticipantForm(),
        "sheet_form": SheetForm(),
        "sheets": activity.sheets.select_related("uploaded_by")[:5],
        "proposals": activity.proposals.filter(status=ProposalStatus.PENDING),
        "may_edit": request.user.has_perm("programme.change_activity")
        or agencies_of(request.user).filter(pk=activity.organiser_id).exists(),
        "attendance_choices": AttendanceStatus.choices,
        "supports": activity.supports.select_related("enterprise", "provider") if activity.records_support else [],
        "support_form": SupportForm(initial={"provider": activity.provider_id}) if activity.records_support else None,
        "signup_counts": signup_counts(activity) if activity.keeps_attendance else None,
    }
    return render(request, "campaigns/activity_detail.html", context)


def _edit(request: AuthenticatedRequest, activity: Activity | None) -> HttpResponse:
    narrowed = {}
    if not request.user.has_perm("programme.change_activity"):  # an agency's people: their agencies and tasks
        narrowed = {"organisers": agencies_of(request.user), "tasks": tasks_of(request.user)}
    form = ActivityForm(request.POST or None, instance=activity, initial=_initial(request, activity), **narrowed)
    if request.method == "POST" and form.is_valid():
        saved = activity_save(
            activity=form.save(commit=False),
            user=request.user,
            co_organisers=list(form.cleaned_data["co_organisers"]),
            ip=client_ip(request),
        )
        messages.success(request, _("Saved."))
        return redirect("programme:activity-detail", activity_uuid=saved.uuid)
    return render(request, "campaigns/activity_form.html", {"form": form, "activity": activity})


def _initial(request: AuthenticatedRequest, activity: Activity | None) -> dict[str, Any]:
    """A new activity of the task it was recorded from (?task=…, as “Our tasks” links it), or of the
    agency's only task; organised by the person's only agency."""
    if activity is not None:
        return {}
    department = request.user.has_perm("programme.change_activity")
    tasks = Task.objects.all() if department else tasks_of(request.user)
    wanted = request.GET.get("task", "")
    initial: dict[str, Any] = {}
    if wanted and is_uuid(wanted):
        initial["task"] = tasks.filter(uuid=wanted).first()
    elif not department and len(only := list(tasks[:2])) == 1:
        initial["task"] = only[0]
    if not department and len(agencies := list(agencies_of(request.user)[:2])) == 1:
        initial["organiser"] = agencies[0]
    return {name: value for name, value in initial.items() if value is not None}


@login_required
def activity_create_view(request: AuthenticatedRequest) -> HttpResponse:
    """The department logs any activity; an agency's people log those their agencies organise."""
    if not may_log_activities(request.user):
        raise Http404
    return _edit(request, None)


@login_required
def activity_update_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    return _edit(request, activity_get_for_editor(user=request.user, activity_uuid=activity_uuid))


@permission_or_404("programme.change_activity")
def proposal_list_view(request: AuthenticatedRequest) -> HttpResponse:
    proposals = EnterpriseProposal.objects.select_related("activity", "proposed_by")
    if request.method == "POST":
        raw = request.POST.get("proposal", "")
        proposal = proposals.filter(uuid=raw).first() if is_uuid(raw) else None
        if proposal is None:
            raise Http404
        try:
            proposal_decide(
                proposal=proposal, accept=request.POST.get("accept") == "1", user=request.user, ip=client_ip(request)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decided."))
        return redirect("programme:proposal-list")
    return render(
        request,
        "campaigns/proposal_list.html",
        {
            "pending": proposals.filter(status=ProposalStatus.PENDING),
            "decided": proposals.exclude(status=ProposalStatus.PENDING)[:30],
        },
    )


@login_required
def task_update_attachment_view(request: AuthenticatedRequest, update_uuid: Any) -> FileResponse:
    """An update's attachment, for the department and the agencies of its task."""
    may_use_programme_or_404(request.user)
    update = TaskUpdate.objects.select_related("task").filter(uuid=update_uuid).first()
    if update is None or not update.attachment:
        raise Http404
    if not sees_everything(request.user) and not tasks_of(request.user).filter(pk=update.task_id).exists():
        raise Http404
    return file_download(update.attachment)


@login_required
def activity_export_view(request: AuthenticatedRequest) -> HttpResponse:
    """The activity log as filtered on the page (what the user may see), built by a job."""
    may_use_programme_or_404(request.user)
    if request.method != "POST":
        return redirect("programme:activity-list")
    form = ActivityFilterForm(request.POST, years=list(range(2000, timezone.localdate().year + 2)))
    return export_job_redirect(request, kind="activity_export", params={"filters": form.filters()})


@login_required
def participant_export_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method != "POST":
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    return export_job_redirect(request, kind="participant_export", params={"activity": str(activity.uuid)})
