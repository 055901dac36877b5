"""Plans and their tasks and targets, written by the department (or loaded with load_plan)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns.forms import PlanForm, TargetForm, TaskForm
from campaigns.models import Target, Task
from campaigns.selectors import plan_get, task_get
from core.decorators import permission_or_404
from core.http import client_ip, is_uuid
from core.services import audit_record
from core.types import AuthenticatedRequest


def _audited_save(request: AuthenticatedRequest, form: Any, action: str) -> Any:
    with transaction.atomic():
        saved = form.save()
        audit_record(actor=request.user, action=action, obj=saved, changes={"title": str(saved)}, ip=client_ip(request))
    return saved


@permission_or_404("programme.change_plan")
def plan_edit_view(request: AuthenticatedRequest, plan_uuid: Any = None) -> HttpResponse:
    plan = plan_get(plan_uuid=plan_uuid) if plan_uuid else None
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        saved = _audited_save(request, form, "plan.update" if plan else "plan.create")
        messages.success(request, _("Saved."))
        return redirect("programme:plan-detail", plan_uuid=saved.uuid)
    return render(request, "campaigns/edit_form.html", {"form": form, "title": plan or _("New plan")})


@permission_or_404("programme.change_plan")
def task_edit_view(request: AuthenticatedRequest, plan_uuid: Any = None, task_uuid: Any = None) -> HttpResponse:
    task = task_get(task_uuid=task_uuid) if task_uuid else None
    plan = task.plan if task else plan_get(plan_uuid=plan_uuid)
    form = TaskForm(request.POST or None, instance=task or Task(plan=plan))
    if request.method == "POST" and form.is_valid():
        if task is None:
            form.instance.position = (plan.tasks.aggregate(last=Max("position"))["last"] or 0) + 1
        if plan.tasks.filter(number=form.cleaned_data["number"]).exclude(pk=form.instance.pk).exists():
            form.add_error("number", _("This plan already has a task with this number."))
        else:
            saved = _audited_save(request, form, "task.update_text" if task else "task.create")
            messages.success(request, _("Saved."))
            return redirect("programme:task-detail", task_uuid=saved.uuid)
    title = str(task) if task else _("%(plan)s: new task") % {"plan": plan.number}
    return render(request, "campaigns/edit_form.html", {"form": form, "title": title})


@permission_or_404("programme.change_plan")
def target_edit_view(request: AuthenticatedRequest, task_uuid: Any) -> HttpResponse:
    """Add a target to a task (POST), or remove one (POST remove=<uuid>)."""
    task = task_get(task_uuid=task_uuid)
    if request.method == "POST":
        removed = request.POST.get("remove", "")
        if removed:
            target = Target.objects.filter(task=task, uuid=removed).first() if is_uuid(removed) else None
            if target is None:
                raise Http404
            with transaction.atomic():
                audit_record(actor=request.user, action="target.remove", obj=task, changes={"target": str(target)})
                target.delete()
        else:
            form = TargetForm(request.POST, instance=Target(task=task))
            if form.is_valid():
                with transaction.atomic():
                    target = form.save()
                    audit_record(actor=request.user, action="target.add", obj=task, changes={"target": str(target)})
                messages.success(request, _("Saved."))
            else:
                messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("programme:task-detail", task_uuid=task.uuid)
