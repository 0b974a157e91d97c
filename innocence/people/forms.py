"""Forms for people and their roles in cases."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import RoleKind


class PersonForm(forms.Form):
    full_name = forms.CharField(max_length=200)
    aliases = forms.CharField(
        required=False, help_text="Other names, nicknames, spellings, separated by commas."
    )
    date_of_birth = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RoleForm(PersonForm):
    """Add a person to a case in a role: an existing person, or a new one."""

    existing_person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=RoleKind.choices)
    description = forms.CharField(
        max_length=300, required=False, help_text="e.g. lead detective, NOPD Homicide"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing_person") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", "Give the person's name.")
        return data
