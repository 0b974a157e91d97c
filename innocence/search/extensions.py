"""What the search app contributes: the index, kept current by the page-text event."""

from innocence.core.extensions import Extension, PageTextConsumer

EXTENSION = Extension(
    app="search",
    order=40,
    page_text_consumers=(
        PageTextConsumer("search.index", "innocence.search.services:index_pages_by_id", order=10),
    ),
    api_routers=("innocence.search.api:router",),
    urls=(("search/", "innocence.search.urls"),),
    not_archived=(
        ('search.PageVector', 'derived: rebuilt from the pages by the search.index consumer on import'),
    ),
)
