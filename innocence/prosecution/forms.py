"""Forms of the Prosecution lens: model forms limited to the case's documents and people,
yes/no facts offering "Not recorded", and the registry's CSV import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from innocence.cases.models import Case
from innocence.core.models import Organization
from innocence.documents.models import Document
from innocence.people.models import Person
from innocence.people.selectors import people_nameable

from .models import BradyItem, MisconductRecord, Production, TestimonyConflict
from .services import CONFLICT_FIELDS, ITEM_FIELDS, MISCONDUCT_FIELDS, PRODUCTION_FIELDS


class NotRecordedSelect(forms.NullBooleanSelect):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", "Not recorded"), ("true", "Yes"), ("false", "No")]


def _widgets(model: type[models.Model], fields: tuple[str, ...]) -> dict[str, Any]:
    widgets: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.BooleanField) and field.null:
            widgets[name] = NotRecordedSelect()
        elif isinstance(field, models.DateField):
            widgets[name] = forms.DateInput(attrs={"type": "date"})
        elif isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 2})
    return widgets


FORMS: dict[str, tuple[type[models.Model], tuple[str, ...], str]] = {
    "production": (Production, PRODUCTION_FIELDS, "Production"),
    "item": (BradyItem, tuple(f for f in ITEM_FIELDS if f != "status"), "Brady/Giglio item"),
    "conflict": (TestimonyConflict, CONFLICT_FIELDS, "Testimony contradicted by a State record"),
}


def make_form(kind: str, case: Case, *, data: Any = None, instance: models.Model | None = None,
              initial: dict[str, Any] | None = None) -> forms.ModelForm:
    model, fields, _label = FORMS[kind]
    cls = forms.modelform_factory(model, fields=list(fields), widgets=_widgets(model, fields))
    form = cls(data=data, instance=instance, initial=initial)
    documents = Document.objects.filter(case=case).order_by("title")
    people = Person.objects.filter(case_roles__case=case).distinct().order_by("full_name")
    for field in form.fields.values():
        if not hasattr(field, "queryset"):
            continue
        related = field.queryset.model  # type: ignore[attr-defined]
        if related is Document:
            field.queryset = documents  # type: ignore[attr-defined]
        elif related is Person:
            field.queryset = people  # type: ignore[attr-defined]
        elif related is Production:
            field.queryset = Production.objects.filter(case=case)  # type: ignore[attr-defined]
        elif related._meta.label == "witnesses.InformantBenefit":
            field.queryset = related._default_manager.filter(case=case)  # type: ignore[attr-defined]
    return form


def service_values(form: forms.ModelForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in form.fields}


class AssignForm(forms.Form):
    """Bulk assignment of documents to a production."""

    documents = forms.ModelMultipleChoiceField(queryset=Document.objects.none(), widget=forms.CheckboxSelectMultiple)
    page_start = forms.IntegerField(required=False, min_value=1, help_text="Empty: whole documents.")
    page_end = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = Document.objects.filter(case=case).order_by("title")  # type: ignore[attr-defined]


def misconduct_form(organization: Organization, cases: Any, *, user: Any, data: Any = None,
                    instance: MisconductRecord | None = None, initial: dict[str, Any] | None = None) -> forms.ModelForm:
    cls = forms.modelform_factory(MisconductRecord, fields=list(MISCONDUCT_FIELDS),
                                  widgets=_widgets(MisconductRecord, MISCONDUCT_FIELDS))
    form = cls(data=data, instance=instance, initial=initial)
    # the people the user may see: a person known only from a case they are not on is not offered
    form.fields["person"].queryset = people_nameable(user, organization).order_by("full_name")  # type: ignore[attr-defined]
    form.fields["case"].queryset = cases  # type: ignore[attr-defined]
    form.fields["document"].queryset = Document.objects.filter(case__in=cases).order_by("title")  # type: ignore[attr-defined]
    return form


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV with columns officer, agency, allegation, disposition, date "
                           "(optional: kind, role, url, quote).")
    source_title = forms.CharField(max_length=400, help_text="The published list, e.g. 'County Brady list, 2021'.")
    source_url = forms.URLField(required=False, max_length=500, assume_scheme="https")
    source_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    source_kind = forms.ChoiceField(choices=MisconductRecord._meta.get_field("source_kind").choices,  # type: ignore[arg-type]
                                    initial="published_list")
