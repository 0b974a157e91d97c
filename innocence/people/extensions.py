"""What the people app contributes: extraction from changed page text, the actor index."""

from innocence.core.extensions import ArchiveSection, CaseTab, DemoLoader, Extension, PageTextConsumer

EXTENSION = Extension(
    app="people",
    order=20,
    case_tabs=(CaseTab("people", "People", "people/case_tab.html", "innocence.people.case_roles:case_tab", 20),),
    demo="innocence.people.demo:load",
    demo_order=5,
    demo_loaders=(DemoLoader("innocence.people.demo:load_extraction", order=20),),
    page_text_consumers=(
        PageTextConsumer(
            "people.extract",
            "innocence.people.extraction_service:extract_pages_by_id",
            order=20,
            warm_up="innocence.people.extraction:warm_up",
        ),
    ),
    api_routers=("innocence.people.api:router", "innocence.people.api_actors:router"),
    urls=(("people/", "innocence.people.urls"),),
    case_json_parts=("innocence.people.archive_people",),
    not_archived=(
        ('people.Mention', 'derived: re-extracted from the imported pages'),
        ('people.PersonOrigin', 'derived: a carried person made by the extraction says so (machine_made)'),
    ),
    archive_sections=(
        ArchiveSection(
            "people",
            "innocence.people.case_archive",
            models=("people.ResolutionDecision", "people.ResolvedName"),
            order=20,
        ),
    ),
)
