"""Checks of an application's fields.

Two kinds of problems:
- **errors** stop the save: something impossible (a date of birth in the future, a
  conviction before birth). The message names the field and says what to do.
- **warnings** are saved with the application and shown on it: something contradictory
  or missing that may be true to the letter (a plea with a trial date, an unknown
  facility). A letter says what it says; the coordinator records it and checks later.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from innocence.people.models import RoleKind

from .models import Channel, ConvictionBasis, Facility, Tristate

DATE_FIELDS = ("received_on", "applicant_dob", "trial_date", "in_custody_since")
TRISTATE_FIELDS = ("biological_evidence", "identity_at_issue", "alibi", "recantation")
LIST_FIELDS = ("applicant_aliases", "victims", "co_defendants")
TEXT_FIELDS = (
    "referring_organization",
    "submitted_by",
    "submitted_by_contact",
    "applicant_name",
    "inmate_number",
    "conviction_county",
    "conviction_court",
    "offense",
    "sentence",
    "claim",
    "evidence_notes",
)
EDITABLE_FIELDS = (
    "named_people",
    *DATE_FIELDS,
    *TRISTATE_FIELDS,
    *LIST_FIELDS,
    *TEXT_FIELDS,
    "channel",
    "conviction_state",
    "conviction_year",
    "conviction_basis",
)
_DATE_EXAMPLE = {
    "received_on": "2026-03-02",
    "applicant_dob": "1971-05-09",
    "trial_date": "1995-03-17",
    "in_custody_since": "1994-08-30",
}


def _label(field: str) -> str:
    return {
        "applicant_dob": "date of birth",
        "received_on": "date received",
        "in_custody_since": "in custody since",
        "conviction_state": "state of conviction",
        "conviction_year": "year of conviction",
        "conviction_basis": "trial or plea",
    }.get(field, field.replace("_", " "))


def split_names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"[;\n]", value)
    return [" ".join(str(v).split()) for v in value if str(v).strip()]


#: Roles a person the application names may have (the applicant is the application's own).
NAMED_ROLES = tuple(r for r in RoleKind if r != RoleKind.APPLICANT)
_ROLE_WORDS = {
    **{r.value.replace("_", " "): r.value for r in NAMED_ROLES},
    **{r.label.lower(): r.value for r in NAMED_ROLES},
    "co-defendant": RoleKind.CO_DEFENDANT.value, "codefendant": RoleKind.CO_DEFENDANT.value,
    "eyewitness": RoleKind.WITNESS.value, "jailhouse informant": RoleKind.INFORMANT.value,
    "snitch": RoleKind.INFORMANT.value, "detective": RoleKind.OFFICER.value, "police": RoleKind.OFFICER.value,
    "police officer": RoleKind.OFFICER.value, "da": RoleKind.PROSECUTOR.value,
    "district attorney": RoleKind.PROSECUTOR.value, "defense attorney": RoleKind.DEFENSE_COUNSEL.value,
    "defense lawyer": RoleKind.DEFENSE_COUNSEL.value, "public defender": RoleKind.DEFENSE_COUNSEL.value,
    "lawyer": RoleKind.DEFENSE_COUNSEL.value, "analyst": RoleKind.FORENSIC_ANALYST.value,
    "relative": RoleKind.FAMILY.value,
}
NAMED_ROLE_HINT = "witness, informant, victim, co-defendant, officer, prosecutor, defense counsel, expert, family"


def _norm(word: str) -> str:
    return " ".join(str(word).lower().replace("/", " ").split())


_ROLE_WORDS = {_norm(k): v for k, v in _ROLE_WORDS.items()}


def role_of(word: str) -> str:
    """The case role a word names ('jailhouse informant' → informant), or ''."""
    return _ROLE_WORDS.get(_norm(word), "")


def _named_line(line: str) -> tuple[str, str]:
    line = " ".join(line.split())
    for pattern in (r"^(.*?)\s*\(([^()]*)\)$", r"^(.*?)\s+[—–-]+\s+(.+)$", r"^(.*?)\s*:\s*(.+)$"):
        found = re.match(pattern, line)
        if found:
            return found.group(1).strip(), found.group(2).strip()
    return line, ""


def clean_named_people(value: Any) -> list[dict[str, str]]:
    """Other people the application names, as ``[{"name", "role"}]``. Takes that list, or
    lines like 'Dana Whitlock (witness)' / 'Dana Whitlock — informant'. Raises
    ValidationError naming each line whose role is missing or unknown."""
    if value in (None, ""):
        return []
    items = re.split(r"[;\n]", value) if isinstance(value, str) else list(value)
    people: list[dict[str, str]] = []
    problems: list[str] = []
    for item in items:
        if isinstance(item, dict):
            name, word = " ".join(str(item.get("name", "")).split()), str(item.get("role", ""))
        else:
            if not str(item).strip():
                continue
            name, word = _named_line(str(item))
        if not name:
            continue
        role = role_of(word) or (word if word in RoleKind.values and word != RoleKind.APPLICANT else "")
        if not role:
            problems.append(
                f"Say what '{name}' was in the case, e.g. '{name} (witness)'"
                + (f": '{word}' is not one of {NAMED_ROLE_HINT}." if word else f" ({NAMED_ROLE_HINT}).")
            )
            continue
        people.append({"name": name, "role": role})
    if problems:
        raise ValidationError({"named_people": problems})
    return people


def named_people_text(people: list[dict[str, str]]) -> str:
    return "\n".join(f"{p['name']} ({RoleKind(p['role']).label.lower()})" for p in people if p.get("name"))


def values_of(instance: Any) -> dict[str, Any]:
    """The instance's field values as Python objects (dates stay dates)."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Normalize types; raise ValidationError naming every impossible field."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown application field."))
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    today = timezone.localdate()
    for name in DATE_FIELDS:
        if name not in cleaned:
            continue
        value = cleaned[name]
        if value in (None, ""):
            cleaned[name] = None
            continue
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                errors[name] = f"'{value}' is not a date. Use a date like {_DATE_EXAMPLE[name]}."
                continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if value > today:
            errors[name] = f"The {_label(name)} ({value.isoformat()}) is in the future."
        elif value.year < 1900:
            errors[name] = f"The {_label(name)} ({value.isoformat()}) is not plausible."
        cleaned[name] = value
    for name in TRISTATE_FIELDS:
        if name in cleaned:
            value = (cleaned[name] or Tristate.UNKNOWN).strip().lower()
            if value not in Tristate.values:
                errors[name] = "Answer yes, no or unknown."
            cleaned[name] = value
    for name in LIST_FIELDS:
        if name in cleaned:
            cleaned[name] = split_names(cleaned[name])
    if "named_people" in cleaned:
        try:
            cleaned["named_people"] = clean_named_people(cleaned["named_people"])
        except ValidationError as exc:
            errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "applicant_name" in cleaned:
        cleaned["applicant_name"] = " ".join(cleaned["applicant_name"].split())
        if not cleaned["applicant_name"]:
            errors["applicant_name"] = "The applicant's name is needed (write 'unknown' if the letter is unsigned)."
    if "channel" in cleaned and cleaned["channel"] not in Channel.values:
        errors["channel"] = f"Unknown channel '{cleaned['channel']}'."
    if "conviction_basis" in cleaned:
        cleaned["conviction_basis"] = cleaned["conviction_basis"] or ""
        if cleaned["conviction_basis"] not in ConvictionBasis.values:
            errors["conviction_basis"] = "Choose trial, guilty plea, no-contest plea, or not known."
    if "conviction_state" in cleaned:
        state = str(cleaned["conviction_state"] or "").strip().upper()
        if state and (len(state) != 2 or not state.isalpha()):
            errors["conviction_state"] = "Use the two-letter state code, e.g. LA."
        cleaned["conviction_state"] = state
    if "conviction_year" in cleaned:
        year = cleaned["conviction_year"]
        if year in (None, ""):
            cleaned["conviction_year"] = None
        else:
            try:
                year = int(year)
            except (TypeError, ValueError):
                errors["conviction_year"] = f"'{year}' is not a year. Use four digits, e.g. 1995."
            else:
                if year > today.year:
                    errors["conviction_year"] = f"The year of conviction ({year}) is in the future."
                elif year < 1900:
                    errors["conviction_year"] = f"The year of conviction ({year}) is not plausible."
                cleaned["conviction_year"] = year
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_consistency(values: dict[str, Any]) -> None:
    """Impossible combinations of fields (on the merged record)."""
    errors: dict[str, str] = {}
    dob: dt.date | None = values.get("applicant_dob")
    year: int | None = values.get("conviction_year")
    if dob and year and year < dob.year:
        errors["conviction_year"] = (
            f"The year of conviction ({year}) is before the date of birth ({dob.isoformat()}). "
            "If either is unclear in the letter, leave it empty and say so in the notes."
        )
    custody: dt.date | None = values.get("in_custody_since")
    if dob and custody and custody < dob:
        errors["in_custody_since"] = f"'In custody since' ({custody.isoformat()}) is before the date of birth."
    trial: dt.date | None = values.get("trial_date")
    if dob and trial and trial < dob:
        errors["trial_date"] = f"The trial date ({trial.isoformat()}) is before the date of birth."
    received: dt.date | None = values.get("received_on")
    if received is None:
        errors["received_on"] = "The date the letter or form was received is needed."
    if errors:
        raise ValidationError(errors)


def warnings_for(values: dict[str, Any], *, organization: Any, facility_name: str) -> list[str]:
    """Contradictions and gaps worth a second look. Saved on the application."""
    warnings: list[str] = []
    basis = values.get("conviction_basis") or ""
    trial: dt.date | None = values.get("trial_date")
    year: int | None = values.get("conviction_year")
    dob: dt.date | None = values.get("applicant_dob")
    if basis in (ConvictionBasis.PLEA, ConvictionBasis.NO_CONTEST) and trial:
        warnings.append("The conviction is recorded as a plea but a trial date is given: check which is right.")
    if trial and year and trial.year > year:
        warnings.append(f"The trial date ({trial.isoformat()}) is after the year of conviction ({year}).")
    if dob and year and year - dob.year < 12:
        warnings.append(
            f"The applicant would have been about {year - dob.year} at conviction: check the date of birth "
            "and the year of conviction."
        )
    if not facility_name:
        warnings.append("No facility recorded: letters cannot be addressed until one is added.")
    elif not Facility.objects.filter(organization=organization, name__iexact=facility_name).exists():
        warnings.append(
            f"Facility '{facility_name}' is not in your facility list: check the name and add its mailing "
            "address on the intake settings page."
        )
    if not values.get("conviction_state"):
        warnings.append("State of conviction not recorded.")
    if not values.get("claim"):
        warnings.append("No claim recorded in the applicant's words.")
    if values.get("channel") == Channel.REFERRAL and not values.get("referring_organization"):
        warnings.append("Channel is 'referral' but no referring organization is named.")
    return warnings
