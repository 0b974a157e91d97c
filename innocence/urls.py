from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api
from .core.extensions import registry

# Each app declares its URLconf in its extensions.py; this file only mounts them.
urlpatterns: list[URLPattern | URLResolver] = [
    path(prefix, include(module)) for prefix, module in registry().urls()
]
urlpatterns += [
    path("api/", api.urls),
    path("staff-admin/", admin.site.urls),
]

handler404 = "innocence.core.views.not_found"
handler500 = "innocence.core.views.server_error"
handler403 = "innocence.core.views.forbidden"
