from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from innocence.core import access

from .models import Case, ConvictionType
from .stages import Stage, allowed_next

User = get_user_model()


class CaseForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="Usually 'State v. Surname'.")
    summary = forms.CharField(widget=forms.Textarea, required=False)
    state = forms.CharField(max_length=2, required=False, help_text="Two-letter code, e.g. LA.")
    county = forms.CharField(max_length=100, required=False, label="County or parish")
    court = forms.CharField(max_length=200, required=False)
    docket_numbers = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One per line."
    )
    charges = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One per line."
    )
    offense_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Date of the crime."
    )
    arrest_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    conviction_type = forms.ChoiceField(choices=[("", "—"), *ConvictionType.choices], required=False)
    conviction_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sentence = forms.CharField(max_length=300, required=False)
    facility = forms.CharField(max_length=200, required=False)
    inmate_number = forms.CharField(max_length=50, required=False)
    release_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def initial_for(cls, case: Case) -> dict[str, Any]:
        return {
            "title": case.title,
            "summary": case.summary,
            "state": case.state,
            "county": case.county,
            "court": case.court,
            "docket_numbers": "\n".join(case.docket_numbers.values_list("number", flat=True)),
            "charges": "\n".join(case.charges),
            "offense_date": case.offense_date,
            "arrest_date": case.arrest_date,
            "conviction_type": case.conviction_type,
            "conviction_date": case.conviction_date,
            "sentence": case.sentence,
            "facility": case.facility,
            "inmate_number": case.inmate_number,
            "release_date": case.release_date,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["docket_numbers"] = [
            line.strip() for line in data["docket_numbers"].splitlines() if line.strip()
        ]
        data["charges"] = [line.strip() for line in data["charges"].splitlines() if line.strip()]
        return data


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "— choose —")] + [(s.value, s.label) for s in allowed_next(case.stage)]
        self.fields["to_stage"].choices = choices  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")


class TaskForm(forms.Form):
    title = forms.CharField(max_length=300)
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # members of the organization who may see the case: never someone walled off it
        # (a task would tell them the case exists, and the list would tell everyone the wall)
        self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organization=case.organization, is_active=True
        ).exclude(case_exclusions__case=case)


class TeamForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none())
    responsibility = forms.CharField(max_length=100, required=False)

    def __init__(self, *args: Any, case: Case, actor: Any = None, **kwargs: Any) -> None:
        """The members this actor may add: every active member for an admin, the students
        and investigators for an attorney on the case. Someone who may not see walls is
        not offered a walled-off member (the list would show the wall)."""
        super().__init__(*args, **kwargs)
        roles = access.team_roles_assignable(actor, case)
        candidates = access.members_with_roles([case.organization_id], roles).exclude(case_teams__case=case)
        if not access.can_see_walls(actor, case):
            candidates = candidates.exclude(case_exclusions__case=case)
        self.fields["user"].queryset = candidates.order_by("username")  # type: ignore[attr-defined]


class WallForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none())
    reason = forms.CharField(max_length=300)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(memberships__organization=case.organization)  # type: ignore[attr-defined]


STAGE_FILTER_CHOICES = [("", "any stage"), *Stage.choices]
