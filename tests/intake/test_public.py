from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from innocence.intake import services
from innocence.intake.models import Application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def public_on(intake_world):
    cache.clear()
    services.settings_update(actor=intake_world.admin, organization=intake_world.north, public_form_enabled=True)
    return "/intake/apply/northside/"


def _data(**overrides):
    data = {
        "relation": "family", "submitted_by": "Mae Quillfeather", "submitted_by_contact": "mae@example.invalid",
        "applicant_name": "Robert Quillfeather", "applicant_dob": "1970-04-02", "inmate_number": "Q-55123",
        "facility": "Granite Ridge Correctional (fictional)", "conviction_state": "LA",
        "claim": "My brother was at my house that night.", "biological_evidence": "unknown",
        "identity_at_issue": "yes", "alibi": "yes", "recantation": "unknown", "website": "",
    }
    data.update(overrides)
    return data


def test_off_by_default_is_404(client, intake_world):
    assert client.get("/intake/apply/northside/").status_code == 404
    assert client.get("/intake/apply/no-such-org/").status_code == 404


def test_submission_lands_and_only_a_receipt_is_shown(client, intake_world, public_on):
    response = client.post(public_on, _data(scans=SimpleUploadedFile("q.pdf", PDF)), follow=True)
    app = Application.objects.get()
    body = response.content.decode()
    assert app.reference in body
    assert "My brother was at my house" not in body and "Quillfeather" not in body
    assert (app.channel, app.submitted_by, app.alibi, app.biological_evidence) == (
        "family", "Mae Quillfeather", "yes", "unknown")
    assert app.files.get().kind == "questionnaire"
    again = client.get(public_on.replace("apply/northside/", "apply/northside/received/"))
    assert app.reference not in again.content.decode()  # the receipt is shown once


def test_duplicate_submission_is_detected(client, intake_world, public_on):
    client.post(public_on, _data())
    response = client.post(public_on, _data(), follow=True)
    assert Application.objects.count() == 1
    assert "already received this same request" in response.content.decode()


def test_honeypot_keeps_nothing(client, intake_world, public_on):
    response = client.post(public_on, _data(website="http://spam.invalid"))
    assert response.status_code == 200 and not Application.objects.exists()


def test_rate_limited_per_address(client, intake_world, public_on):
    for i in range(5):
        client.post(public_on, _data(applicant_name=f"Person Number{i}"))
    response = client.post(public_on, _data(applicant_name="One Toomany"))
    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()
    assert Application.objects.count() == 5
    assert "One Toomany" in response.content.decode()  # what was typed is still there


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "the limit is 10 MB"),
        ("invoice.pdf", b"MZ\x90\x00\x03 windows program", "not a PDF, JPEG, PNG or TIFF"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not a PDF, JPEG, PNG or TIFF"),
        ("trick.pdf", b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj", "scripts"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"garbage", "could not be read as an image"),
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_lost(client, intake_world, public_on, name, content, words):
    response = client.post(public_on, _data(scans=SimpleUploadedFile(name, content)))
    body = response.content.decode()
    assert words in body
    assert "My brother was at my house that night." in body
    assert not Application.objects.exists()


def test_image_bomb_is_refused(client, intake_world, public_on):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG")
    response = client.post(public_on, _data(scans=SimpleUploadedFile("bomb.png", buffer.getvalue())))
    assert "too large to accept" in response.content.decode()
    assert not Application.objects.exists()


def test_impossible_dates_on_the_public_form(client, intake_world, public_on):
    response = client.post(public_on, _data(applicant_dob="2999-01-01"))
    assert "in the future" in response.content.decode()
    assert not Application.objects.exists()
