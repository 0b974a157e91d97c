from __future__ import annotations

from typing import Any

from django import forms

from .models import DocType, Document, Provenance


class DocumentForm(forms.ModelForm):
    tags_text = forms.CharField(
        label="Tags", required=False, help_text="Separated by commas.", max_length=600
    )

    class Meta:
        model = Document
        fields = ["title", "doc_type", "doc_date", "provenance", "bates_start", "bates_end", "privileged"]
        widgets = {"doc_date": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "doc_type": "Type",
            "doc_date": "Date",
            "bates_start": "Bates from",
            "bates_end": "Bates to",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(self.instance.tags or [])
        self.fields["doc_type"].choices = DocType.choices  # type: ignore[attr-defined]
        self.fields["provenance"].choices = [("", "— not recorded —"), *Provenance.choices]  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    provenance = forms.ChoiceField(
        required=False, choices=[("", "— not recorded —"), *Provenance.choices], label="Where these came from"
    )
    doc_type = forms.ChoiceField(
        required=False,
        choices=[("", "— propose from the content —"), *DocType.choices],
        label="Type",
        help_text="Each file may differ: the list below has a row per file.",
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 20}), required=False, strip=False)


class ExcerptForm(forms.Form):
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Quote (verbatim)")
    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    tags = forms.CharField(required=False, help_text="Separated by commas.")
