"""What the Timeline app contributes: the Timeline tab (chronology, visual timeline,
litigation history, deadlines, calendar), proposals of events from changed page text, its
archive section, demo records, REST router and URLs."""

from innocence.core.extensions import ArchiveSection, CaseTab, Extension, MemoSection, PageTextConsumer

EXTENSION = Extension(
    app="timeline",
    order=110,
    case_tabs=(
        CaseTab("timeline", "Timeline", "timeline/case_tab.html", "innocence.timeline.case_tab:context", 70),
    ),
    demo="innocence.timeline.demo:load",
    demo_order=80,
    archive_sections=(
        ArchiveSection(
            "timeline",
            "innocence.timeline.case_archive",
            models=("timeline.Event", "timeline.Proceeding", "timeline.ProceedingStep", "timeline.CalendarItem"),
            order=80,
        ),
    ),
    not_archived=(
        ("timeline.CalendarFeed", "a user's secret calendar address, not case data; a new one is made on demand"),
    ),
    # After people extraction (order 20): it reads the date mentions that step writes.
    page_text_consumers=(
        PageTextConsumer("timeline.propose", "innocence.timeline.services:propose_for_pages", order=40),
        # The document's own date from its first page's header (documents cannot use this
        # app's date parser itself: it sits below).
        PageTextConsumer("timeline.document_date", "innocence.timeline.document_dates:pages_changed", order=41),
    ),
    person_merge=("innocence.timeline.services:person_references_move",),
    api_routers=("innocence.timeline.api:router",),
    memo_sections=(MemoSection("chronology", "Chronology", "innocence.timeline.memo:chronology_section", 15),),
    urls=(("timeline/", "innocence.timeline.urls"),),
)
