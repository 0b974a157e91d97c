"""The people pipeline for one case, without the database: extract every page, resolve,
search for the bare names of the persons found, resolve again. Used by the extraction
service (with stored pages) and by ``eval/eval_people.py`` (with the real case file)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .extraction import ExtractedMention, Kind, extract_page
from .known_names import find_known_names, known_names_of
from .resolution import Constraints, NameMention, ResolvedPerson, resolve_case


@dataclass(slots=True)
class CasePages:
    texts: dict[int, str] = field(default_factory=dict)  # page id -> text

    def add(self, page_id: int, text: str) -> None:
        self.texts[page_id] = text


@dataclass(slots=True)
class PersonMention:
    id: int
    page_id: int
    extracted: ExtractedMention
    title_role: str
    role: str


@dataclass(slots=True)
class CaseResult:
    extracted: dict[int, list[ExtractedMention]]  # page id -> all mentions, incl. the known-name pass
    mentions: dict[int, PersonMention]  # person mentions by id
    persons: list[ResolvedPerson]


def title_role_of(mention: ExtractedMention) -> str:
    if "title_role" in mention.attrs:
        return str(mention.attrs["title_role"])
    if mention.attrs.get("title_key") and mention.attrs.get("cue") in ("title", "title-list"):
        return mention.role_hint
    return ""


def name_mention(mention_id: int, case_id: int, page_id: int, mention: ExtractedMention) -> NameMention:
    return NameMention(
        id=mention_id,
        case_id=case_id,
        given=str(mention.attrs.get("given", "")),
        surname=str(mention.attrs.get("surname", "")),
        role=mention.role_hint,
        title_role=title_role_of(mention),
        page_id=page_id,
        gender=str(mention.attrs.get("gender", "")),
        middle=str(mention.attrs.get("middle", "")),
        cue=str(mention.attrs.get("cue", "")),
        partner=str(mention.attrs.get("partner", "")),
        agency=str(mention.attrs.get("agency", "")),
        year=int(mention.attrs.get("year", 0) or 0),
    )


def run_case(
    case_id: int,
    pages: CasePages,
    constraints: Constraints | None = None,
    extracted: dict[int, list[ExtractedMention]] | None = None,
) -> CaseResult:
    if extracted is None:
        extracted = {page_id: extract_page(text) for page_id, text in pages.texts.items()}
    first = _resolve(case_id, extracted, constraints)
    known = known_names_of(first.persons)
    if known:
        extended: dict[int, list[ExtractedMention]] = {}
        for page_id, text in pages.texts.items():
            existing = extracted.get(page_id, [])
            taken = [(m.start, m.end) for m in existing if m.kind == Kind.PERSON]
            extra = find_known_names(text, known, taken)
            extended[page_id] = sorted([*existing, *extra], key=lambda m: (m.start, m.end))
        return _resolve(case_id, extended, constraints)
    return first


def _resolve(
    case_id: int, extracted: dict[int, list[ExtractedMention]], constraints: Constraints | None
) -> CaseResult:
    mentions: dict[int, PersonMention] = {}
    records: list[NameMention] = []
    next_id = 1
    for page_id, page_mentions in extracted.items():
        for mention in page_mentions:
            if mention.kind != Kind.PERSON:
                continue
            record = name_mention(next_id, case_id, page_id, mention)
            mentions[next_id] = PersonMention(next_id, page_id, mention, record.title_role, record.role)
            records.append(record)
            next_id += 1
    return CaseResult(extracted=extracted, mentions=mentions, persons=resolve_case(records, constraints))
