from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from innocence.core import access

from .models import (
    Application,
    Channel,
    ConvictionBasis,
    FileKind,
    LetterKind,
    Tristate,
)
from .reference_data import decline_reason_choices
from .selectors import INTAKE_ROLES
from .stages import Stage, allowed_next
from .validation import named_people_text

User = get_user_model()
DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _tristate() -> forms.ChoiceField:
    return forms.ChoiceField(choices=Tristate.choices, initial=Tristate.UNKNOWN, widget=forms.RadioSelect)


class ApplicationForm(forms.Form):
    """Entry of a letter or questionnaire. Dates are typed as text so that a bad date
    comes back with the service's plain-words message, and nothing typed is lost."""

    received_on = forms.CharField(label="Date received", widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(choices=Channel.choices)
    referring_organization = forms.CharField(max_length=200, required=False)
    submitted_by = forms.CharField(max_length=200, required=False, label="Written by (if not the applicant)")
    applicant_name = forms.CharField(max_length=200, label="Applicant's name")
    applicant_aliases = forms.CharField(
        required=False, label="Other names, nicknames", help_text="Separate with ';' or one per line.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    applicant_dob = forms.CharField(required=False, label="Date of birth", widget=DATE,
                                    help_text="Leave empty if not known.")
    inmate_number = forms.CharField(max_length=50, required=False, label="DOC / inmate number")
    facility = forms.CharField(max_length=200, required=False, label="Current facility")
    facility_address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                       label="Facility mailing address", help_text="If not in the facility list.")
    conviction_state = forms.CharField(max_length=2, required=False, label="State")
    conviction_county = forms.CharField(max_length=100, required=False, label="County or parish")
    conviction_court = forms.CharField(max_length=200, required=False, label="Court")
    offense = forms.CharField(max_length=300, required=False)
    conviction_year = forms.CharField(max_length=6, required=False, label="Year of conviction")
    conviction_basis = forms.ChoiceField(choices=ConvictionBasis.choices, required=False, label="Trial or plea")
    trial_date = forms.CharField(required=False, widget=DATE)
    sentence = forms.CharField(max_length=300, required=False)
    in_custody_since = forms.CharField(required=False, widget=DATE)
    victims = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Names, separated by ';' (for the conflict check).")
    co_defendants = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="Names, separated by ';'.")
    named_people = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Other people named",
        help_text="Witnesses, informants, officers… the letter names, one per line with their role, e.g. "
        "'Dana Whitlock (witness)' (for the conflict check).",
    )
    claim = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}),
                            label="Claim, in the applicant's own words")
    biological_evidence = _tristate()
    identity_at_issue = _tristate()
    alibi = _tristate()
    recantation = _tristate()
    evidence_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scans = MultipleFileField(required=False, label="Scanned letter / questionnaire")
    file_kind = forms.ChoiceField(choices=FileKind.choices, initial=FileKind.LETTER, required=False)

    EDIT_EXCLUDE = ("facility", "facility_address", "scans", "file_kind")

    @classmethod
    def initial_for(cls, application: Application) -> dict[str, Any]:
        initial = {name: getattr(application, name) for name in cls.base_fields if hasattr(application, name)}
        for name in ("applicant_aliases", "victims", "co_defendants"):
            initial[name] = "; ".join(getattr(application, name))
        for name in ("received_on", "applicant_dob", "trial_date", "in_custody_since"):
            value = getattr(application, name)
            initial[name] = value.isoformat() if value else ""
        initial["named_people"] = named_people_text(application.named_people)
        initial["conviction_year"] = application.conviction_year or ""
        return initial

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("scans", None)
        data.pop("file_kind", None)
        return data


class ApplicationEditForm(ApplicationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.EDIT_EXCLUDE:
            self.fields.pop(name, None)


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to")
    reason_code = forms.ChoiceField(required=False, label="Decline reason")
    referred_to = forms.CharField(required=False, max_length=200, label="Refer to (organization)")
    referral_contact = forms.CharField(required=False, label="Their address / contact")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Goes into the letter for 'more information' and decline 'other'.")
    send_letter = forms.BooleanField(required=False, initial=True, label="Also write the matching letter")

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s.value, s.label) for s in allowed_next(application.stage)]  # type: ignore[attr-defined]
        self.fields["reason_code"].choices = [("", "—"), *decline_reason_choices()]  # type: ignore[attr-defined]


class FacilityMoveForm(forms.Form):
    facility = forms.CharField(max_length=200, label="Moved to")
    since = forms.DateField(required=False, widget=DATE)
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Mailing address")
    note = forms.CharField(required=False, max_length=300)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(choices=LetterKind.choices, label="Letter")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IncomingForm(forms.Form):
    subject = forms.CharField(max_length=200, label="Received")
    received_on = forms.DateField(widget=DATE)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    scans = MultipleFileField(label="Add scanned pages")
    kind = forms.ChoiceField(choices=FileKind.choices)


def intake_members(organization_ids: Any) -> Any:
    return access.members_with_roles(organization_ids, INTAKE_ROLES).order_by("username")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="nobody")

    def __init__(self, *args: Any, organization_ids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = intake_members(organization_ids)  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    days_to_acknowledge = forms.IntegerField(min_value=1, max_value=3650)
    days_to_decide = forms.IntegerField(min_value=1, max_value=3650)
    dna_focused = forms.BooleanField(required=False, label="DNA-focused organization")
    states_served = forms.CharField(required=False, help_text="Two-letter codes, separated by spaces.")
    public_form_enabled = forms.BooleanField(required=False, label="Public questionnaire enabled")
    public_form_intro = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    return_address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    signature = forms.CharField(required=False, max_length=200)


class CriterionForm(forms.Form):
    label = forms.CharField(max_length=200, label="Criterion")
    help_text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    active = forms.BooleanField(required=False, initial=True)


class FacilityForm(forms.Form):
    name = forms.CharField(max_length=200)
    state = forms.CharField(max_length=2, required=False)
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))


STAGE_FILTER_CHOICES = [("", "any stage"), *Stage.choices]
