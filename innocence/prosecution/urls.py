from django.urls import path

from . import views

app_name = "prosecution"
urlpatterns = [
    path("cases/<str:reference>/<slug:kind>/new/", views.record_form, name="record_add"),
    path("cases/<str:reference>/<slug:kind>/<int:pk>/edit/", views.record_form, name="record_edit"),
    path("cases/<str:reference>/<slug:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("cases/<str:reference>/productions/<int:pk>/assign/", views.production_assign, name="production_assign"),
    path("cases/<str:reference>/productions/assign-selected/", views.production_assign_selected,
         name="production_assign_selected"),
    path("cases/<str:reference>/items/<int:pk>/review/", views.item_review, name="item_review"),
    path("cases/<str:reference>/matrix.csv", views.matrix_csv, name="matrix_csv"),
    path("cases/<str:reference>/compare/", views.signatures_run, name="signatures_run"),
    path("cases/<str:reference>/compare/progress/", views.signatures_progress, name="signatures_progress"),
    path("registry/", views.registry, name="registry"),
    path("registry.csv", views.registry_csv, name="registry_csv"),
    path("registry/new/", views.registry_form, name="registry_add"),
    path("registry/<int:pk>/edit/", views.registry_form, name="registry_edit"),
    path("registry/<int:pk>/review/", views.registry_review, name="registry_review"),
    path("registry/import/", views.registry_import, name="registry_import"),
    path("actors/<int:pk>/", views.dossier, name="dossier"),
]
