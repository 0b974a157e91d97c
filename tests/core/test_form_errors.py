from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from innocence.core.form_errors import add_validation_errors


class _Form(forms.Form):
    title = forms.CharField(required=False)


def test_errors_land_on_their_field_or_name_the_field_at_the_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    add_validation_errors(
        form, ValidationError({"title": "Too short.", "docket_numbers": "Already on another case."})
    )
    assert form.errors["title"] == ["Too short."]
    assert form.non_field_errors() == ["docket numbers: Already on another case."]


def test_an_error_without_a_field_goes_to_the_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    add_validation_errors(form, ValidationError("The archive is damaged."))
    assert form.non_field_errors() == ["The archive is damaged."]
