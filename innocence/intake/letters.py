"""Letters to applicants: templates the organization edits, rendered in a sandbox,
written as PDF (reportlab) and DOCX (python-docx), and logged as legal mail.

The sandbox: Django template syntax with a short list of tags, no template loading
(no include/extends/load), and a context of plain strings named in LETTER_VARIABLES.
A template that names anything else is refused when saved, with the names it used.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils import timezone

from innocence.core import audit
from innocence.core.models import AuditAction, Organization

from .models import Application, Correspondence, Direction, LetterKind, LetterTemplate
from .reference_data import decline_reasons, default_letters
from .selectors import settings_for

LETTER_VARIABLES: dict[str, str] = {
    "organization": "Your organization's name",
    "reference": "The application's reference (receipt number)",
    "applicant_name": "The applicant's name",
    "inmate_number": "DOC / inmate number",
    "facility": "Current facility",
    "facility_address": "Mailing address of the current facility",
    "received_on": "Date the request was received",
    "today": "Today's date",
    "offense": "Offense of conviction",
    "conviction_state": "State of conviction",
    "conviction_county": "County of conviction",
    "conviction_court": "Court",
    "conviction_year": "Year of conviction",
    "decline_reason": "Decline reason (label)",
    "decline_reason_text": "Decline reason, as a phrase for the letter",
    "referred_to": "Organization the request was referred to",
    "note": "The note typed when the letter is made",
    "signature": "Who signs letters (intake settings)",
    "return_address": "Your return address (intake settings)",
}
ALLOWED_TAGS = frozenset(
    {"if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "comment", "endcomment",
     "firstof", "now", "spaceless", "endspaceless"}
)
_UNKNOWN_MARK = "\x00unknown:%s\x00"
_ENGINE = Engine(
    dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False,
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    string_if_invalid=_UNKNOWN_MARK,
)


def check_template(source: str) -> None:
    """Refuse tags outside the list and variables outside LETTER_VARIABLES."""
    problems: list[str] = []
    loop_names: set[str] = set()
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            tag = bits[0] if bits else ""
            if tag not in ALLOWED_TAGS:
                problems.append(f"the tag '{{% {tag} %}}' is not allowed in letters")
            if tag == "for" and len(bits) >= 2:
                loop_names.update(b.strip(",") for b in bits[1 : bits.index("in")] if "in" in bits)
            if tag == "with":
                loop_names.update(b.split("=")[0] for b in bits[1:] if "=" in b)
            names = re.findall(r"(?<![\w.\"'])([A-Za-z_]\w*)", " ".join(bits[1:]))
            for name in names:
                if name not in LETTER_VARIABLES and name not in loop_names and name not in (
                    "in", "and", "or", "not", "is", "None", "True", "False", "as", "reversed", "forloop",
                ) and not _is_filter_name(name, bits):
                    problems.append(f"'{name}' is not a letter variable")
        elif token.token_type == TokenType.VAR:
            root = re.split(r"[.|\s]", token.contents.strip(), maxsplit=1)[0]
            if root and root not in LETTER_VARIABLES and root not in loop_names and root != "forloop" \
                    and not root.startswith(("'", '"')):
                problems.append(f"'{root}' is not a letter variable")
    if problems:
        known = ", ".join(LETTER_VARIABLES)
        raise ValidationError({"body": f"{'; '.join(dict.fromkeys(problems))}. Variables you can use: {known}."})
    try:
        _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise ValidationError({"body": f"The template has a syntax error: {exc}"}) from exc


def _is_filter_name(name: str, bits: list[str]) -> bool:
    return any(f"|{name}" in bit for bit in bits)


def _render(source: str, variables: dict[str, str]) -> str:
    check_template(source)
    text = _ENGINE.from_string(source).render(Context(variables, autoescape=False))
    unknown = re.findall(r"\x00unknown:(.*?)\x00", text)
    if unknown:
        raise ValidationError({"body": f"Unknown variables in the letter: {', '.join(sorted(set(unknown)))}."})
    return text.strip()


def template_for(organization: Organization, kind: str) -> LetterTemplate:
    if kind not in LetterKind.values:
        raise ValidationError({"kind": f"Unknown letter kind '{kind}'."})
    found = LetterTemplate.objects.filter(organization=organization, kind=kind).first()
    if found is not None:
        return found
    default = default_letters()[kind]
    return LetterTemplate.objects.create(
        organization=organization, kind=kind, subject=default["subject"], body=default["body"]
    )


@transaction.atomic
def template_update(*, actor: Any, organization: Organization, kind: str, subject: str, body: str) -> LetterTemplate:
    from .services import require_admin

    require_admin(actor, organization)
    if not subject.strip():
        raise ValidationError({"subject": "A letter needs a subject line."})
    if not body.strip():
        raise ValidationError({"body": "A letter needs a body."})
    check_template(subject)
    check_template(body)
    template = template_for(organization, kind)
    before = audit.snapshot(template, ["subject", "body"])
    template.subject, template.body, template.updated_by = subject.strip(), body.replace("\r\n", "\n"), actor
    template.save()
    audit.record(AuditAction.UPDATE, actor=actor, obj=template, organization=organization,
                 changes=audit.diff(before, audit.snapshot(template, ["subject", "body"])))
    return template


SAMPLE_VARIABLES: dict[str, str] = {
    "organization": "Your organization", "reference": "XYZ-A2026-0001", "applicant_name": "Sample Applicant",
    "inmate_number": "A-000000", "facility": "Sample Correctional Center", "facility_address": "PO Box 1\nSample, ST",
    "received_on": "March 2, 2026", "today": "March 20, 2026", "offense": "armed robbery",
    "conviction_state": "ST", "conviction_county": "Sample County", "conviction_court": "Sample District Court",
    "conviction_year": "1999", "decline_reason": "Outside the jurisdiction we serve",
    "decline_reason_text": "your conviction is from a state or court outside the area our organization serves",
    "referred_to": "Another Innocence Organization", "note": "(the note typed when the letter is made)",
    "signature": "Intake Coordinator", "return_address": "Your organization\nStreet\nCity",
}


def preview(source: str) -> str:
    """The template rendered with made-up sample values, for the editor."""
    return _render(source, SAMPLE_VARIABLES)


def _current_address(application: Application) -> tuple[str, str]:
    stay = application.facility_stays.filter(until__isnull=True).select_related("facility").first()
    if stay is None:
        return "", ""
    return stay.facility_name, stay.mailing_address


def letter_variables(application: Application, *, note: str = "", today: dt.date | None = None) -> dict[str, str]:
    rules = settings_for(application.organization)
    facility, address = _current_address(application)
    reason = decline_reasons().get(application.decline_reason)
    referral = application.referrals.first()
    day = today or timezone.localdate()
    return {
        "organization": application.organization.name,
        "reference": application.reference,
        "applicant_name": application.applicant_name,
        "inmate_number": application.inmate_number,
        "facility": facility,
        "facility_address": address,
        "received_on": f"{application.received_on:%B %-d, %Y}",
        "today": f"{day:%B %-d, %Y}",
        "offense": application.offense,
        "conviction_state": application.conviction_state,
        "conviction_county": application.conviction_county,
        "conviction_court": application.conviction_court,
        "conviction_year": str(application.conviction_year or ""),
        "decline_reason": reason.label if reason else "",
        "decline_reason_text": reason.letter_text if reason else "",
        "referred_to": referral.to_organization if referral else "",
        "note": note.strip(),
        "signature": rules.signature or f"Intake, {application.organization.name}",
        "return_address": rules.return_address or application.organization.name,
    }


@dataclass
class RenderedLetter:
    subject: str
    body: str
    addressee: str
    address_lines: list[str]
    inmate_number: str
    return_address: str
    date: dt.date


def render_letter(application: Application, kind: str, *, note: str = "") -> RenderedLetter:
    template = template_for(application.organization, kind)
    variables = letter_variables(application, note=note)
    if kind == LetterKind.DECLINE and not variables["decline_reason_text"]:
        raise ValidationError({"kind": "Record the decision with a decline reason before writing the decline letter."})
    if kind == LetterKind.REFERRAL and not variables["referred_to"]:
        raise ValidationError({"kind": "Record the referral (to which organization) before writing the letter."})
    facility, address = _current_address(application)
    if not facility:
        raise ValidationError({"facility": "No current facility: add where the applicant is held before writing."})
    if not address.strip():
        raise ValidationError({"facility": f"No mailing address for '{facility}': add the facility and its address "
                                          "on the intake settings page, or record the address with a transfer."})
    return RenderedLetter(
        subject=_render(template.subject, variables),
        body=_render(template.body, variables),
        addressee=application.applicant_name,
        address_lines=[facility, *[line.strip() for line in address.splitlines() if line.strip()]],
        inmate_number=application.inmate_number,
        return_address=variables["return_address"],
        date=timezone.localdate(),
    )


@transaction.atomic
def letter_send(*, actor: Any, application: Application, kind: str, note: str = "") -> Correspondence:
    """Render the letter and log it as legal mail sent today to the current facility."""
    from .services import require_intake

    require_intake(actor, application.organization)
    letter = render_letter(application, kind, note=note)
    entry = Correspondence.objects.create(
        application=application, direction=Direction.OUTGOING, kind=kind, subject=letter.subject, body=letter.body,
        addressee=letter.addressee, address="\n".join(letter.address_lines), inmate_number=letter.inmate_number,
        legal_mail=True, sent_on=letter.date, by=actor,
    )
    audit.record(AuditAction.CREATE, actor=actor, obj=entry, organization=application.organization,
                 changes={"application": application.reference, "kind": kind, "address": entry.address})
    return entry


@transaction.atomic
def correspondence_log_incoming(
    *, actor: Any, application: Application, subject: str, received_on: dt.date, note: str = ""
) -> Correspondence:
    from .services import require_intake

    require_intake(actor, application.organization)
    if not subject.strip():
        raise ValidationError({"subject": "Say what was received (e.g. 'Questionnaire returned')."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "A letter cannot be received in the future."})
    entry = Correspondence.objects.create(
        application=application, direction=Direction.INCOMING, subject=subject.strip(), body=note.strip(),
        addressee=application.organization.name, legal_mail=False, sent_on=received_on, by=actor,
    )
    audit.record(AuditAction.CREATE, actor=actor, obj=entry, organization=application.organization,
                 changes={"application": application.reference, "subject": entry.subject})
    return entry


# --- output formats ------------------------------------------------------------------

def _letter_parts(entry: Correspondence) -> RenderedLetter:
    rules = settings_for(entry.application.organization)
    return RenderedLetter(
        subject=entry.subject, body=entry.body, addressee=entry.addressee,
        address_lines=[line for line in entry.address.splitlines() if line.strip()],
        inmate_number=entry.inmate_number,
        return_address=rules.return_address or entry.application.organization.name, date=entry.sent_on,
    )


def letters_pdf(entries: list[Correspondence]) -> bytes:
    """One PDF, one letter per page group (a batch prints in one go)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=inch,
                            bottomMargin=inch, title="Letters", author="Innocence Files")
    styles = getSampleStyleSheet()
    story: list[Any] = []
    for index, entry in enumerate(entries):
        letter = _letter_parts(entry)
        if index:
            story.append(PageBreak())
        story.append(Paragraph("<br/>".join(escape(line) for line in letter.return_address.splitlines()),
                               styles["Normal"]))
        story.append(Spacer(1, 12))
        story.append(Paragraph("<b>LEGAL MAIL — PRIVILEGED AND CONFIDENTIAL</b>", styles["Normal"]))
        story.append(Spacer(1, 12))
        story.append(Paragraph(escape(f"{letter.date:%B %-d, %Y}"), styles["Normal"]))
        story.append(Spacer(1, 12))
        to_lines = [letter.addressee + (f", #{letter.inmate_number}" if letter.inmate_number else ""),
                    *letter.address_lines]
        story.append(Paragraph("<br/>".join(escape(line) for line in to_lines), styles["Normal"]))
        story.append(Spacer(1, 18))
        story.append(Paragraph(f"<b>Re: {escape(letter.subject)}</b>", styles["Normal"]))
        story.append(Spacer(1, 12))
        for paragraph in re.split(r"\n\s*\n", letter.body):
            story.append(Paragraph("<br/>".join(escape(line) for line in paragraph.splitlines()), styles["Normal"]))
            story.append(Spacer(1, 8))
    if not story:
        story.append(Paragraph("No letters.", styles["Normal"]))
    doc.build(story)
    return buffer.getvalue()


def letters_docx(entries: list[Correspondence]) -> bytes:
    import docx

    document = docx.Document()
    for index, entry in enumerate(entries):
        letter = _letter_parts(entry)
        if index:
            document.add_page_break()
        for line in letter.return_address.splitlines():
            document.add_paragraph(line)
        marking = document.add_paragraph()
        marking.add_run("LEGAL MAIL — PRIVILEGED AND CONFIDENTIAL").bold = True
        document.add_paragraph(f"{letter.date:%B %-d, %Y}")
        document.add_paragraph(
            "\n".join([letter.addressee + (f", #{letter.inmate_number}" if letter.inmate_number else ""),
                       *letter.address_lines])
        )
        subject = document.add_paragraph()
        subject.add_run(f"Re: {letter.subject}").bold = True
        for paragraph in re.split(r"\n\s*\n", letter.body):
            document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def bulk_acknowledge(*, actor: Any, applications: list[Application], note: str = "") -> list[Correspondence]:
    """Acknowledge each new application and write its acknowledgement letter.

    All or nothing: if one cannot be acknowledged (no facility to write to, wrong
    stage), none is, and the error names the application."""
    from .services import application_transition
    from .stages import Stage

    entries: list[Correspondence] = []
    for application in applications:
        try:
            if application.stage == Stage.NEW:
                application_transition(actor=actor, application=application, to_stage=Stage.ACKNOWLEDGED, note=note)
            entries.append(letter_send(actor=actor, application=application, kind=LetterKind.ACKNOWLEDGEMENT))
        except ValidationError as exc:
            raise ValidationError(f"{application.reference} ({application.applicant_name}): "
                                  f"{'; '.join(exc.messages)}") from exc
    return entries
