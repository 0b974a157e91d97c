"""What the actor network contributes (layer 7, beside reports: it reads the people app's
actor index, the findings and the Prosecution lens's dossier; nothing writes to it but its
own refresh): the network pages and exports, the REST router, a demo step, and the two
hooks that keep its stored edges fresh — ``case_people_changed`` (after a resolution run or
a case role change) and ``person_merge``."""

from innocence.core.extensions import Extension

EXTENSION = Extension(
    app="network",
    order=125,
    demo="innocence.network.demo:load",
    demo_order=110,
    not_archived=(
        ("network.Appearance", "derived: recomputed from the imported case's roles and mentions "
         "(network.refresh_case, queued when its people are resolved)"),
        ("network.CoAppearance", "derived: recomputed with network.Appearance"),
    ),
    case_people_changed=("innocence.network.services:cases_changed",),
    person_merge=("innocence.network.services:person_merged",),
    api_routers=("innocence.network.api:router",),
    urls=(("network/", "innocence.network.urls"),),
)
