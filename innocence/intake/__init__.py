"""Intake and screening: from a prisoner's letter to a reasoned decision.

- models.py        Application (with "not known" kept apart from "no"), FacilityStay, files,
                   StageTransition, Referral, MatchReview, screening, letters, correspondence log
- stages.py        the workflow as a table (new → … → accepted / declined / referred)
- validation.py    impossible input refused with words; contradictions saved as warnings
- services.py      writes (transactional, audited); acceptance.py opens the case
- matching.py      duplicate and adverse-party conflict check (nicknames, OCR variants, DOB, DOC no.)
- screening.py     the organization's checklist: an answer and a note per criterion, no score
- letters.py       sandboxed templates → PDF / DOCX, legal-mail log, bulk acknowledgements
- metrics.py       counts and durations for /intake/metrics/
- views*.py        queue, application page, settings, metrics, public questionnaire
- api.py, management/commands/intake.py   REST and CLI

Access: an organization's admins and intake coordinators see its applications; nobody
else does (see selectors.py). Reference data: innocence/knowledge/intake/*.yaml.
"""
