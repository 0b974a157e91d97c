from __future__ import annotations

import datetime as dt
import io
import zipfile

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innocence.core.models import AuditEntry
from innocence.intake import services
from innocence.intake.models import Application, Correspondence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(**overrides):
    data = {
        "received_on": dt.date.today().isoformat(), "channel": "letter", "applicant_name": "Robert Quillfeather",
        "applicant_dob": "1970-04-02", "inmate_number": "Q-55123", "facility": "Granite Ridge Correctional (fictional)",
        "conviction_state": "LA", "conviction_county": "Marlow Parish (fictional)", "offense": "Armed robbery",
        "conviction_year": "1996", "conviction_basis": "trial", "claim": "I was not there.",
        "biological_evidence": "unknown", "identity_at_issue": "yes", "alibi": "unknown", "recantation": "unknown",
        "file_kind": "letter",
    }
    data.update(overrides)
    return data


def test_intake_pages_are_404_for_other_roles_and_orgs(client, intake_world, make_application):
    app = make_application()
    for user in (intake_world.attorney, intake_world.viewer, intake_world.outsider):
        client.force_login(user)
        urls = [f"/intake/{app.reference}/", f"/intake/{app.reference}/edit/"]
        if user != intake_world.outsider:  # the outsider works intake for their own organization
            urls += ["/intake/", "/intake/metrics/", "/intake/new/"]
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/intake/{app.reference}/transition/", {"to_stage": "acknowledged"}).status_code == 404
    app.refresh_from_db()
    assert app.stage == "new"
    client.force_login(intake_world.outsider)
    assert app.reference.encode() not in client.get("/intake/?open=0").content
    assert b"Robert" not in client.get("/intake/metrics/?format=csv").content


def test_nav_link_only_for_intake_and_admin(client, intake_world):
    client.force_login(intake_world.coordinator)
    assert b'href="/intake/"' in client.get("/").content
    client.force_login(intake_world.attorney)
    assert b'href="/intake/"' not in client.get("/").content


def test_log_a_letter_with_a_scan_and_see_it_audited(client, intake_world):
    client.force_login(intake_world.coordinator)
    data = _form(scans=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"))
    response = client.post("/intake/new/", data)
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.files.get().original_name == "letter.pdf"
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"I was not there." in page.content
    assert AuditEntry.objects.filter(action="view", object_id=str(app.pk)).exists()
    document = app.files.get().document
    assert document is not None and document.case is None and document.provenance == "applicant"
    assert f"/documents/{document.pk}/" in page.content.decode()
    assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_bad_input_keeps_what_was_typed(client, intake_world):
    client.force_login(intake_world.coordinator)
    response = client.post("/intake/new/", _form(applicant_dob="1999-01-01", conviction_year="1990",
                                                 claim="My own words, kept."))
    assert response.status_code == 200
    body = response.content.decode()
    assert "before the date of birth" in body
    assert "My own words, kept." in body
    assert not Application.objects.exists()
    response = client.post("/intake/new/", _form(received_on="2026-02-31"))
    assert "is not a date" in response.content.decode()


def test_hostile_staff_upload_is_refused_by_content(client, intake_world):
    client.force_login(intake_world.coordinator)
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/intake/new/", _form(scans=fake))
    assert "not a PDF, JPEG, PNG or TIFF" in response.content.decode()
    assert not Application.objects.exists()


def test_duplicate_warning_on_entry(client, intake_world, make_application):
    make_application(applicant_name="Bobby Quillfeather", received_on=dt.date.today() - dt.timedelta(days=700))
    client.force_login(intake_world.coordinator)
    response = client.post("/intake/new/", _form(), follow=True)
    body = response.content.decode()
    assert "possible earlier record" in body
    assert "is a nickname of" in body


def test_screening_answers_saved_without_score(client, intake_world, make_application):
    app = make_application()
    client.force_login(intake_world.coordinator)
    page = client.get(f"/intake/{app.reference}/").content.decode()
    assert "The applicant claims actual innocence" in page
    assert "Biological evidence was collected" not in page  # not a DNA-focused org
    criterion = app.organization.screening_criteria.get(key="actual_innocence")
    client.post(f"/intake/{app.reference}/screening/", {f"answer_{criterion.pk}": "yes",
                                                        f"note_{criterion.pk}": "says he was elsewhere"})
    answer = app.screening_answers.get()
    assert (answer.answer, answer.note) == ("yes", "says he was elsewhere")
    assert "score" not in client.get(f"/intake/{app.reference}/").content.decode().lower().replace(
        "there is no score", "")


def test_decline_with_letter_pdf_and_docx(client, intake_world, make_application):
    app = make_application()
    client.force_login(intake_world.coordinator)
    client.post(f"/intake/{app.reference}/transition/", {
        "to_stage": "declined", "reason_code": "no_biological_evidence", "send_letter": "on", "note": ""})
    app.refresh_from_db()
    assert app.stage == "declined"
    letter = Correspondence.objects.get(application=app)
    assert letter.kind == "decline" and letter.legal_mail
    assert "no biological evidence was collected" in letter.body
    assert "Granite Ridge" in letter.address and "PO Box 100" in letter.address
    pdf = client.get(f"/intake/{app.reference}/letters/{letter.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/intake/{app.reference}/letters/{letter.pk}.docx")
    assert zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").count(b"biological") >= 1


def test_bulk_acknowledge_gives_one_pdf(client, intake_world, make_application):
    apps = [make_application(applicant_name=f"Person Number{i}", inmate_number=f"X-{i}") for i in range(3)]
    client.force_login(intake_world.coordinator)
    response = client.post("/intake/", {"selected": [a.reference for a in apps], "action": "acknowledge"})
    assert response.status_code == 302
    batch = client.get(response["Location"])
    assert batch.status_code == 200
    pdf = client.get(response["Location"] + "&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    letters = pypdfium2.PdfDocument(pdf.content)
    texts = [letters[i].get_textpage().get_text_range() for i in range(len(letters))]
    for a in apps:  # one PDF holding every applicant's letter
        assert any(a.applicant_name in text for text in texts), a.applicant_name
    assert len(letters) >= len(apps)
    assert {a.stage for a in Application.objects.all()} == {"acknowledged"}
    assert Correspondence.objects.filter(kind="acknowledgement").count() == 3


def test_bulk_assign(client, intake_world, make_application):
    apps = [make_application(applicant_name=f"Person Number{i}") for i in range(2)]
    client.force_login(intake_world.admin)
    client.post("/intake/", {"selected": [a.reference for a in apps], "action": "assign",
                             "assignee": intake_world.coordinator.pk})
    assert set(Application.objects.values_list("assignee", flat=True)) == {intake_world.coordinator.pk}


def test_queue_shows_age_and_overdue(client, intake_world, make_application):
    make_application(received_on=dt.date.today() - dt.timedelta(days=40))
    client.force_login(intake_world.coordinator)
    body = client.get("/intake/").content.decode()
    assert "not acknowledged after 40 days (target 14)" in body
    assert "not acknowledged" in client.get("/intake/?overdue=1").content.decode()


def test_metrics_page_and_csv(client, intake_world, make_application):
    app = make_application(received_on=dt.date.today() - dt.timedelta(days=10))
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage="declined",
                                    reason_code="capacity")
    client.force_login(intake_world.coordinator)
    body = client.get("/intake/metrics/").content.decode()
    assert "Beyond our current capacity" in body and "<svg" in body
    csv_body = client.get("/intake/metrics/?format=csv").content.decode()
    assert "total requests,,1" in csv_body and "Decline reasons,Beyond our current capacity,1" in csv_body


def test_template_sandbox_refuses_unknown_things(client, intake_world):
    from django.core.exceptions import ValidationError

    from innocence.intake import letters

    for body in ("{% load static %}", "{% include 'base.html' %}", "{{ settings.SECRET_KEY }}", "{% debug %}",
                 "{{ application.organization }}"):
        with pytest.raises(ValidationError):
            letters.template_update(actor=intake_world.admin, organization=intake_world.north, kind="decline",
                                    subject="x", body=body)
    letters.template_update(actor=intake_world.admin, organization=intake_world.north, kind="decline",
                            subject="Re {{ reference }}", body="Dear {{ applicant_name|upper }},\n{{ note }}")
    client.force_login(intake_world.admin)
    response = client.post("/intake/settings/letters/acknowledgement/", {"subject": "x", "body": "{{ secret }}"})
    assert "not a letter variable" in response.content.decode()


def test_settings_admin_only(client, intake_world):
    client.force_login(intake_world.coordinator)
    client.post("/intake/settings/", {"days_to_acknowledge": 3, "days_to_decide": 30})
    from innocence.intake.selectors import settings_for

    assert settings_for(intake_world.north).days_to_acknowledge == 14
    client.force_login(intake_world.admin)
    client.post("/intake/settings/", {"days_to_acknowledge": 3, "days_to_decide": 30, "dna_focused": "on"})
    assert settings_for(intake_world.north).days_to_acknowledge == 3
    assert intake_world.north.screening_criteria.get(key="biological_evidence").active


def test_detail_forms_transfer_incoming_letter_upload(client, intake_world, make_application):
    app = make_application()
    client.force_login(intake_world.coordinator)
    url = f"/intake/{app.reference}/"
    client.post(url + "facility/", {"move-facility": "Cypress Hollow Unit (fictional)", "move-since": "",
                                    "move-address": "1 Cypress Rd\nCypress, LA"})
    client.post(url + "incoming/", {"incoming-subject": "Questionnaire returned",
                                    "incoming-received_on": dt.date.today().isoformat()})
    client.post(url + "letters/", {"letter-kind": "request_info", "letter-note": "Please send your trial transcript."})
    client.post(url + "files/", {"upload-kind": "other", "upload-scans": SimpleUploadedFile("page2.pdf", PDF)})
    app.refresh_from_db()
    assert app.current_facility == "Cypress Hollow Unit (fictional)"
    sent = app.correspondence.get(direction="out")
    assert "Cypress Hollow Unit (fictional)\n1 Cypress Rd" in sent.address
    assert "Please send your trial transcript." in sent.body
    assert app.correspondence.filter(direction="in", subject="Questionnaire returned").exists()
    assert app.files.filter(original_name="page2.pdf").exists()
    assert client.get(f"{url}files/{app.files.get().pk}/").status_code == 200
    client.force_login(intake_world.outsider)
    assert client.get(f"{url}files/{app.files.get().pk}/").status_code == 404


def test_template_editor_previews_with_sample_values(client, intake_world):
    client.force_login(intake_world.admin)
    body = client.get("/intake/settings/letters/decline/").content.decode()
    assert "Preview with sample values" in body and "Dear Sample Applicant" in body


def test_organization_adds_its_own_criterion(client, intake_world, make_application):
    app = make_application()
    client.force_login(intake_world.coordinator)
    client.post("/intake/settings/criteria/add/", {"label": "Applicant is still in custody", "active": "on"})
    assert not intake_world.north.screening_criteria.filter(label="Applicant is still in custody").exists()
    client.force_login(intake_world.admin)
    client.post("/intake/settings/criteria/add/", {"label": "Applicant is still in custody", "active": "on"})
    criterion = intake_world.north.screening_criteria.get(label="Applicant is still in custody")
    assert not criterion.is_default
    assert "Applicant is still in custody" in client.get(f"/intake/{app.reference}/").content.decode()
    client.post(f"/intake/settings/criteria/{criterion.pk}/", {"label": criterion.label})  # switched off
    criterion.refresh_from_db()
    assert not criterion.active
    assert "Applicant is still in custody" not in client.get(f"/intake/{app.reference}/").content.decode()


def test_queue_filters(client, intake_world, make_application):
    make_application(applicant_name="Alma Texan", conviction_state="TX", channel="attorney", inmate_number="T-1")
    other = make_application(applicant_name="Lou Isiana", inmate_number="L-1")
    services.application_assign(actor=intake_world.admin, application=other, assignee=intake_world.coordinator)
    client.force_login(intake_world.coordinator)

    def names(query):
        return [row for row in ("Alma Texan", "Lou Isiana") if row in client.get("/intake/" + query).content.decode()]

    assert names("?state=TX") == ["Alma Texan"]
    assert names("?channel=attorney") == ["Alma Texan"]
    assert names("?assignee=n_intake") == ["Lou Isiana"]
    assert names("?assignee=none") == ["Alma Texan"]
    assert names("?q=L-1") == ["Lou Isiana"]
