from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.http import QueryDict

FormT = TypeVar("FormT", bound=forms.BaseForm)


def filters_given(query: QueryDict, form: forms.BaseForm) -> list[tuple[str, str]]:
    """The filters a list was asked with, as (name, value) pairs for the hidden inputs of a form that
    passes them on (an export): the filter form's own fields only, never the raw query (a parameter
    named `items` would shadow QueryDict.items in a template)."""
    return [(name, value) for name in form.fields for value in query.getlist(name)]


def bootstrapify(form: FormT) -> FormT:
    """Give each widget Bootstrap's class, and mark fields with errors, so templates stay plain."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):  # CheckboxSelectMultiple too
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        # Read errors only once validation has run: touching form.errors would validate the form
        # inside __init__, before a subclass has finished setting up its fields.
        errors = getattr(form, "_errors", None)
        if errors and name in errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form


class BootstrapFormMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)  # type: ignore[type-var]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        bootstrapify(self)  # type: ignore[type-var]
