from __future__ import annotations

from typing import Any

from django import forms

from innocence.cases.selectors import cases_visible_to
from innocence.documents.models import DocType, Provenance


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=2000)
    case = forms.ChoiceField(label="Case", required=False)
    type = forms.MultipleChoiceField(label="Document type", required=False, choices=DocType.choices)
    provenance = forms.MultipleChoiceField(label="Provenance", required=False, choices=Provenance.choices)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tag = forms.CharField(label="Tag", required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cases = cases_visible_to(user).order_by("reference").values_list("reference", "title")
        self.fields["case"].choices = [  # type: ignore[attr-defined]
            ("", "all my cases"),
            *((ref, f"{ref} · {title}") for ref, title in cases),
        ]


class BatchForm(forms.Form):
    terms = forms.CharField(
        label="Names or terms, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "Det. Halvorsen\nJohn Brandt\nlineup"}),
    )
    file = forms.FileField(label="…or a .txt / .csv file (first column)", required=False)
    case = forms.ChoiceField(label="Case", required=False)
    fuzzy = forms.BooleanField(
        label="Also find OCR misreadings (words of 4+ letters may differ by 1 letter, 8+ by 2)",
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cases = cases_visible_to(user).order_by("reference").values_list("reference", "title")
        self.fields["case"].choices = [  # type: ignore[attr-defined]
            ("", "all my cases"),
            *((ref, f"{ref} · {title}") for ref, title in cases),
        ]
