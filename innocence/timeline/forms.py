"""Forms of the Timeline app. Dates are typed as the record gives them ("Spring 1984",
"on or about 3 June 1994", "1994-06-12") and parsed by the service, which keeps their precision."""

from __future__ import annotations

from typing import Any

from django import forms

from innocence.cases.models import Case

from .models import CalendarKind, EventKind, EventStatus, Outcome, ProceedingKind, StepKind

DATE_HELP = (
    "As precise as the record, no more: 1994-06-12 · June 1994 · Spring 1984 · 1994 · "
    "between 1994-06-03 and 1994-06-05 · add 'c.' or 'on or about' when the record is approximate."
)


#: Replaced in ``__init__`` by the case's own documents / people.
_NONE: Any = None


def _documents(case: Case) -> Any:
    from innocence.documents.models import Document

    return Document.objects.filter(case=case).order_by("title")


def _people(case: Case) -> Any:
    from innocence.people.models import Person

    return Person.objects.filter(case_roles__case=case).distinct().order_by("full_name")


class CitationFields(forms.Form):
    document: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=_NONE, required=False)
    page_number = forms.IntegerField(required=False, min_value=1)
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="The passage, copied verbatim from the page.")
    source_field = forms.CharField(required=False, max_length=120,
                                   help_text="Or the structured record it comes from (e.g. 'docket sheet entry 14').")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["document"].queryset = _documents(case)  # type: ignore[attr-defined]


class EventForm(CitationFields):
    kind = forms.ChoiceField(choices=EventKind.choices)
    title = forms.CharField(max_length=300)
    date = forms.CharField(max_length=120, help_text=DATE_HELP)
    time = forms.TimeField(required=False, help_text="HH:MM, only when the record gives it.")
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=_NONE, required=False, help_text="Whose event (a lane of the timeline)."
    )
    status = forms.ChoiceField(choices=EventStatus.choices, initial=EventStatus.CONFIRMED)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["kind", "title", "date", "time", "person", "status", "document", "page_number", "quote",
                   "source_field", "description"]

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["person"].queryset = _people(case)  # type: ignore[attr-defined]


class ProceedingForm(forms.Form):
    kind = forms.ChoiceField(choices=ProceedingKind.choices)
    title = forms.CharField(max_length=200, required=False)
    court = forms.CharField(max_length=200, required=False)
    docket_number = forms.CharField(max_length=80, required=False)
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StepForm(CitationFields):
    kind = forms.ChoiceField(choices=StepKind.choices)
    label = forms.CharField(max_length=300)
    date = forms.CharField(max_length=120, help_text=DATE_HELP + " A deadline needs the day.")
    time = forms.TimeField(required=False)
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False)

    field_order = ["kind", "label", "date", "time", "outcome", "document", "page_number", "quote", "source_field"]


class CalendarItemForm(CitationFields):
    kind = forms.ChoiceField(choices=CalendarKind.choices)
    title = forms.CharField(max_length=300)
    due_on = forms.DateField(help_text="YYYY-MM-DD")
    time = forms.TimeField(required=False)
    remind_days_before = forms.IntegerField(min_value=0, max_value=365, initial=7)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["kind", "title", "due_on", "time", "remind_days_before", "notes", "document", "page_number",
                   "quote"]


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(choices=EventKind.choices, required=False)
    title = forms.CharField(max_length=300, required=False)
    date = forms.CharField(max_length=120, required=False)


def cleaned_values(form: forms.Form) -> dict[str, Any]:
    values = dict(form.cleaned_data)
    for name in ("source_field", "quote", "description", "notes", "title", "court", "docket_number", "label"):
        if name in values and values[name] is None:
            values[name] = ""
    return values
