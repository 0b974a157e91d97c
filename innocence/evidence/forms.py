"""Forms for the Evidence lens's records: one model form per record kind, with choices
limited to the case's people, documents and items. Yes/no facts offer "Not recorded"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from innocence.cases.models import Case
from innocence.documents.models import Document

from . import knowledge
from .models import EvidenceItem
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
    if kind == "test":
        widgets["method"] = forms.Select(choices=knowledge.method_choices())
        widgets["items"] = forms.CheckboxSelectMultiple()
    return forms.modelform_factory(spec.model, fields=list(spec.fields), widgets=widgets)


def make_form(kind: str, case: Case, *, data: Any = None, instance: models.Model | None = None,
              initial: dict[str, Any] | None = None) -> forms.ModelForm:
    form = form_class(kind)(data=data, instance=instance, initial=initial)
    people = persons_for_case(case)
    for name in KINDS[kind].person_fields:
        form.fields[name].queryset = people  # type: ignore[attr-defined]
    documents = Document.objects.filter(case=case).order_by("title")
    for name in ("document", "testimony_document"):
        if name in form.fields:
            form.fields[name].queryset = documents  # type: ignore[attr-defined]
    items = EvidenceItem.objects.filter(case=case).order_by("id")
    for name in ("item", "items", "parent"):
        if name in form.fields:
            form.fields[name].queryset = items.exclude(pk=instance.pk) if (name == "parent" and instance) else items  # type: ignore[attr-defined]
    return form


def service_values(form: forms.ModelForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in form.fields}
