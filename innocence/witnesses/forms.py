"""Forms for the Witness lens's records: one model form per record kind, with choices
limited to the case's people and documents. Yes/no facts offer "Not recorded"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from innocence.cases.models import Case
from innocence.documents.models import Document

from .services import KINDS, persons_for_case


class NotRecordedSelect(forms.NullBooleanSelect):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", "Not recorded"), ("true", "Yes"), ("false", "No")]


def form_class(kind: str) -> type[forms.ModelForm]:
    spec = KINDS[kind]
    widgets: dict[str, Any] = {}
    for name in spec.fields:
        field = spec.model._meta.get_field(name)
        if isinstance(field, models.BooleanField) and field.null:
            widgets[name] = NotRecordedSelect()
        elif isinstance(field, models.DateField):
            widgets[name] = forms.DateInput(attrs={"type": "date"})
        elif isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 2})
    return forms.modelform_factory(spec.model, fields=list(spec.fields), widgets=widgets)


def make_form(kind: str, case: Case, *, data: Any = None, instance: models.Model | None = None,
              initial: dict[str, Any] | None = None) -> forms.ModelForm:
    form = form_class(kind)(data=data, instance=instance, initial=initial)
    people = persons_for_case(case)
    for name in KINDS[kind].person_fields:
        form.fields[name].queryset = people  # type: ignore[attr-defined]
    if "document" in form.fields:
        form.fields["document"].queryset = Document.objects.filter(case=case).order_by("title")  # type: ignore[attr-defined]
    if "statement" in form.fields:
        form.fields["statement"].queryset = case.witness_statements.select_related("witness")  # type: ignore[attr-defined]
    if "informant" in form.fields:
        form.fields["informant"].queryset = case.informants.select_related("person")  # type: ignore[attr-defined]
    return form


def service_values(form: forms.ModelForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in form.fields}
