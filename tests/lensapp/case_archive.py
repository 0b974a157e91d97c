from typing import Any

from innocence.cases.archive import ArchiveError

from .models import Sighting

SECTION = "sightings"
MEMBER = "sightings.json"


def export(case: Any, writer: Any) -> None:
    rows = [
        {"id": s.pk, "what": s.what, "page_number": s.page_number, "quote": s.quote, "corroborated": s.corroborated,
         "document": s.document_id}
        for s in Sighting.objects.filter(case=case).order_by("pk")
    ]
    if rows:
        writer.add_json(MEMBER, rows)


def validate(reader: Any) -> None:
    rows = reader.json(MEMBER)
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("what"), str) for r in rows):
        raise ArchiveError(f"{SECTION}/{MEMBER} must be a list of sightings.")


def import_(case: Any, reader: Any, ctx: Any) -> None:
    documents = ctx.ids.get("documents.Document", {})
    made = ctx.ids.setdefault("lensapp.Sighting", {})  # old id → new row, for the findings that cite it
    for row in reader.json(MEMBER):
        document = documents.get(row.get("document")) if row.get("document") else None
        made[row.get("id")] = Sighting.objects.create(
            case=case, what=row["what"], page_number=row.get("page_number"), quote=row.get("quote") or "",
            corroborated=row.get("corroborated"), document=document,
        )
