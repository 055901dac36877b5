from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, NamedTuple

from django import template
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import get_urlconf
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ names|get_item:code }}`: a dictionary lookup with a variable key ("" when there is no dictionary)."""
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def local(text: Any) -> str:
    """`{{ criterion.title|local }}`: the reader's language of a {"vi": …, "en": …} text (Vietnamese
    when the other is missing)."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    return str(text.get(get_language() or "vi") or text.get("vi") or "")


@register.filter
def amount(value: Any) -> str:
    """`{{ budget.settlement|amount }}`: a sum in million VND as the reader's language writes it, with
    its decimals only as far as they go (142,5 and 1.234 in Vietnamese; 142.5 and 1,234 in English),
    never padded (“142,500” would read as a hundred and forty-two thousand)."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(Decimal("0.001")).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


class _Reader(NamedTuple):
    """What the navigation reads of the signed-in user (templates/includes/_menu.html)."""

    is_authenticated: bool
    is_superuser: bool
    role: str
    ward_scope: bool


@register.simple_tag(takes_context=True)
def portal_menu(context: template.Context) -> str:
    """The navigation of templates/base.html. It is drawn from the reader's rights, role and agency
    only, so it is drawn once per process for each such set (and language and URL set) and then
    reused: some twenty links and their translations cost more than the rest of a cached page."""
    user: Any = context.get("user") or AnonymousUser()
    authenticated = bool(user.is_authenticated)
    rights = frozenset(user.get_all_permissions()) if authenticated else frozenset()
    province = bool(context.get("province"))
    # Asked only where the menu shows it (each may cost a query), as the template did.
    has_agency = authenticated and province and "programme.view_plan" not in rights
    has_agency = has_agency and bool(context.get("works_for_an_agency"))
    approves = has_agency and bool(context.get("approves_budgets"))
    reader = _Reader(
        is_authenticated=authenticated,
        is_superuser=authenticated and bool(user.is_superuser),
        role=str(getattr(user, "role", "") or "") if authenticated else "",
        ward_scope=authenticated and bool(getattr(user, "ward_scope", None)),
    )
    return _menu(get_language(), get_urlconf(), province, reader, rights, has_agency, approves)


@functools.lru_cache(maxsize=256)
def _menu(
    language: str | None,
    urlconf: str | None,
    province: bool,
    reader: _Reader,
    rights: frozenset[str],
    has_agency: bool,
    approves_budgets: bool,
) -> SafeString:
    """The menu for one key of `portal_menu`: the arguments are everything the template reads (the
    active language and URL set included), so a drawing is never reused for a reader it does not fit."""
    perms: dict[str, dict[str, bool]] = {}
    for right in rights:
        app, _dot, codename = right.partition(".")
        perms.setdefault(app, {})[codename] = True
    context = {
        "user": reader, "perms": perms, "province": province,
        "has_agency": has_agency, "approves_budgets": approves_budgets,
    }  # fmt: skip
    return render_to_string("includes/_menu.html", context)  # a SafeString: the template escapes
