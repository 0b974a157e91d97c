"""The Prosecution lens inside a case archive (see :mod:`innocence.cases.archive`).

Member ``prosecution/prosecution.json``: the case's productions with their items, its
Brady/Giglio items (proposals and rejections too, so nothing is proposed twice), its
testimony conflicts, and the misconduct entries that come from this case, with the people
they name. Page signatures are derived and rebuilt from the imported pages. Links to the
Witness lens's benefit records do not travel until that lens has an archive section; the
import warns when it drops one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from innocence.cases.archive import ArchiveError, ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.models import Case
from innocence.people.models import Person

from .models import BradyItem, MisconductRecord, Production, ProductionItem, TestimonyConflict

SECTION = "prosecution"
MEMBER = "prosecution.json"
SCHEMA_VERSION = 1

#: What a finding's subject key ``<prefix>:<id>`` names (the findings section translates
#: the id on import through ``ctx.ids``).
FINDING_SUBJECTS = {
    "brady": "prosecution.BradyItem",
    "conflict": "prosecution.TestimonyConflict",
    "document": "documents.Document",
}


def _key(person_id: int | None) -> str | None:
    return f"person-{person_id}" if person_id else None


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonIn(_Strict):
    key: str
    full_name: str
    aliases: list[str] = []
    is_fictional: bool = False


class ItemIn(_Strict):
    document: int
    page_start: int | None = None
    page_end: int | None = None


class ProductionIn(_Strict):
    id: int
    title: str
    kind: str
    producer: str
    producer_name: str = ""
    recipient: str
    recipient_name: str = ""
    date: dt.date | None = None
    bates_start: str = ""
    bates_end: str = ""
    description: str = ""
    document: int | None = None
    page_number: int | None = None
    quote: str = ""
    items: list[ItemIn] = []


class BradyIn(_Strict):
    id: int | None = None
    document: int | None = None
    page_number: int | None = None
    quote: str
    category: str
    favorable: str
    why: str = ""
    held_by: str = ""
    disclosure: str = ""
    disclosure_production: int | None = None
    disclosure_note: str = ""
    prejudice: bool | None = None
    prejudice_reason: str = ""
    witness: str | None = None
    informant_benefit: int | None = None
    status: str
    pattern_id: str = ""
    proposed_by: str = ""


class ConflictIn(_Strict):
    id: int | None = None
    witness: str
    summary: str
    testimony_document: int | None = None
    testimony_page: int | None = None
    testimony_quote: str = ""
    document: int | None = None
    page_number: int | None = None
    quote: str = ""
    informant_benefit: int | None = None
    state_knew: bool | None = None
    corrected: bool | None = None


class MisconductIn(_Strict):
    person: str
    actor_role: str = ""
    agency: str = ""
    kind: str
    status: str
    source_kind: str
    date: dt.date | None = None
    description: str = ""
    document: int | None = None
    page_number: int | None = None
    quote: str = ""
    source_title: str = ""
    source_date: dt.date | None = None
    source_url: str = ""
    source_quote: str = ""
    reviewed: bool = False


class SectionIn(_Strict):
    schema_version: int
    people: list[PersonIn] = []
    productions: list[ProductionIn] = []
    brady_items: list[BradyIn] = []
    conflicts: list[ConflictIn] = []
    misconduct: list[MisconductIn] = []


def export(case: Case, writer: ArchiveWriter) -> None:
    productions = list(Production.objects.filter(case=case).prefetch_related("items").order_by("pk"))
    items = list(BradyItem.objects.filter(case=case).order_by("pk"))
    conflicts = list(TestimonyConflict.objects.filter(case=case).order_by("pk"))
    misconduct = list(MisconductRecord.objects.filter(case=case).order_by("pk"))
    if not (productions or items or conflicts or misconduct):
        return
    person_ids = {i.witness_id for i in items if i.witness_id} | {c.witness_id for c in conflicts}
    person_ids |= {m.person_id for m in misconduct}
    people = Person.objects.filter(pk__in=person_ids).order_by("pk")
    writer.add_json(MEMBER, {
        "schema_version": SCHEMA_VERSION,
        "people": [{"key": _key(p.pk), "full_name": p.full_name, "aliases": list(p.aliases),
                    "is_fictional": p.is_fictional} for p in people],
        "productions": [
            {"id": p.pk, "title": p.title, "kind": p.kind, "producer": p.producer, "producer_name": p.producer_name,
             "recipient": p.recipient, "recipient_name": p.recipient_name, "date": _d(p.date),
             "bates_start": p.bates_start, "bates_end": p.bates_end, "description": p.description,
             "document": p.document_id, "page_number": p.page_number, "quote": p.quote,
             "items": [{"document": i.document_id, "page_start": i.page_start, "page_end": i.page_end}
                       for i in p.items.order_by("pk")]}
            for p in productions
        ],
        "brady_items": [
            {"id": i.pk, "document": i.document_id, "page_number": i.page_number, "quote": i.quote, "category": i.category,
             "favorable": i.favorable, "why": i.why, "held_by": i.held_by, "disclosure": i.disclosure,
             "disclosure_production": i.disclosure_production_id, "disclosure_note": i.disclosure_note,
             "prejudice": i.prejudice, "prejudice_reason": i.prejudice_reason, "witness": _key(i.witness_id),
             "informant_benefit": i.informant_benefit_id, "status": i.status, "pattern_id": i.pattern_id,
             "proposed_by": i.proposed_by}
            for i in items
        ],
        "conflicts": [
            {"id": c.pk, "witness": _key(c.witness_id), "summary": c.summary, "testimony_document": c.testimony_document_id,
             "testimony_page": c.testimony_page, "testimony_quote": c.testimony_quote, "document": c.document_id,
             "page_number": c.page_number, "quote": c.quote, "informant_benefit": c.informant_benefit_id,
             "state_knew": c.state_knew, "corrected": c.corrected}
            for c in conflicts
        ],
        "misconduct": [
            {"person": _key(m.person_id), "actor_role": m.actor_role, "agency": m.agency, "kind": m.kind,
             "status": m.status, "source_kind": m.source_kind, "date": _d(m.date), "description": m.description,
             "document": m.document_id, "page_number": m.page_number, "quote": m.quote,
             "source_title": m.source_title, "source_date": _d(m.source_date), "source_url": m.source_url,
             "source_quote": m.source_quote, "reviewed": m.reviewed}
            for m in misconduct
        ],
    })


def _parse(reader: ArchiveReader) -> SectionIn | None:
    if not reader.exists(MEMBER):
        return None
    try:
        data = SectionIn.model_validate(reader.json(MEMBER))
    except SchemaError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ArchiveError(f"{SECTION}/{MEMBER}: {where}: {first.get('msg')}") from None
    if data.schema_version != SCHEMA_VERSION:
        raise ArchiveError(f"{SECTION}/{MEMBER}: schema version {data.schema_version} is not {SCHEMA_VERSION}.")
    keys = {p.key for p in data.people}
    named = {i.witness for i in data.brady_items if i.witness} | {c.witness for c in data.conflicts}
    named |= {m.person for m in data.misconduct}
    unknown = sorted(named - keys)
    if unknown:
        raise ArchiveError(f"{SECTION}/{MEMBER}: person key(s) {', '.join(unknown)} are not in 'people'.")
    productions = {p.id for p in data.productions}
    for item in data.brady_items:
        if item.disclosure_production is not None and item.disclosure_production not in productions:
            raise ArchiveError(f"{SECTION}/{MEMBER}: an item names production {item.disclosure_production}, "
                               "which is not in the archive.")
    return data


def validate(reader: ArchiveReader) -> None:
    _parse(reader)


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    data = _parse(reader)
    if data is None:
        return
    documents = ctx.ids.get("documents.Document", {})

    def doc(old: int | None) -> Any:
        if old is None:
            return None
        found = documents.get(old)
        if found is None:
            ctx.warnings.append(f"Prosecution: document {old} is not in the archive; its citation is dropped.")
        return found

    def person(key: str | None) -> Person | None:
        if key is None:
            return None
        return required_person(key)

    def required_person(key: str) -> Person:
        if key not in ctx.people:
            spec = next(p for p in data.people if p.key == key)
            ctx.people[key] = Person.objects.create(
                organization=ctx.organization, full_name=spec.full_name, aliases=list(spec.aliases),
                is_fictional=spec.is_fictional, created_by=ctx.actor,
            )
        return ctx.people[key]  # type: ignore[no-any-return]

    dropped_benefits = 0
    benefits = ctx.ids.get("witnesses.InformantBenefit", {})

    def benefit(old: int | None) -> Any:
        nonlocal dropped_benefits
        if old is None:
            return None
        found = benefits.get(old)
        dropped_benefits += found is None
        return found
    new_productions: dict[int, Production] = {}
    for p in data.productions:
        values = p.model_dump(exclude={"id", "items", "document"})
        new = Production.objects.create(case=case, document=doc(p.document), created_by=ctx.actor, **values)
        new_productions[p.id] = new
        ctx.ids.setdefault("prosecution.Production", {})[p.id] = new
        for item in p.items:
            document = doc(item.document)
            if document is not None:
                ProductionItem.objects.create(production=new, document=document, page_start=item.page_start,
                                              page_end=item.page_end)
    for i in data.brady_items:
        values = i.model_dump(exclude={"id", "document", "disclosure_production", "witness", "informant_benefit"})
        page = None
        document = doc(i.document)
        if document is not None and i.page_number:
            page = document.pages.filter(number=i.page_number).first()
        made = BradyItem.objects.create(
            case=case, document=document, witness=person(i.witness), informant_benefit=benefit(i.informant_benefit),
            disclosure_production=new_productions.get(i.disclosure_production) if i.disclosure_production else None,
            source_page_id=page.pk if page is not None and i.status == "proposed" else None, created_by=ctx.actor,
            **values,
        )
        if i.id is not None:
            ctx.ids.setdefault("prosecution.BradyItem", {})[i.id] = made
    for c in data.conflicts:
        values = c.model_dump(exclude={"id", "witness", "testimony_document", "document", "informant_benefit"})
        conflict = TestimonyConflict.objects.create(
            case=case, witness=required_person(c.witness), testimony_document=doc(c.testimony_document),
            document=doc(c.document), informant_benefit=benefit(c.informant_benefit), created_by=ctx.actor, **values,
        )
        if c.id is not None:
            ctx.ids.setdefault("prosecution.TestimonyConflict", {})[c.id] = conflict
    for m in data.misconduct:
        values = m.model_dump(exclude={"person", "document", "reviewed"})
        # Reviewed in another installation is not reviewed here: the entry waits for this
        # organization's reviewer before it shows on other cases.
        MisconductRecord.objects.create(
            organization=ctx.organization, case=case, person=required_person(m.person), document=doc(m.document),
            reviewed=False, created_by=ctx.actor, **values,
        )
    if dropped_benefits:
        ctx.warnings.append(
            f"Prosecution: {dropped_benefits} link(s) to Witness-lens benefit records were not in the archive; "
            "the items and conflicts themselves are kept."
        )
