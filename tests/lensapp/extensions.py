from innocence.core.extensions import ArchiveSection, CaseTab, Extension, Lens, PageTextConsumer

EXTENSION = Extension(
    app="lensapp",
    lenses=(Lens("lensapp", "Sightings", "sightings", order=90),),
    case_tabs=(CaseTab("sightings", "Sightings", "lensapp/tab.html", "tests.lensapp.views:tab", order=65),),
    demo="tests.lensapp.demo:load",
    demo_order=95,
    archive_sections=(
        ArchiveSection("sightings", "tests.lensapp.case_archive", models=("lensapp.Sighting",), order=95),
    ),
    page_text_consumers=(PageTextConsumer("lensapp.count", "tests.lensapp.consumers:count", order=90),),
    rule_modules=("tests.lensapp.rules",),
    knowledge_packages=("tests.lensapp.knowledge",),
)
