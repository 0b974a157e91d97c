from django.urls import path

from . import views

app_name = "witnesses"
urlpatterns = [
    path("cases/<str:reference>/<slug:kind>/new/", views.record_form, name="record_add"),
    path("cases/<str:reference>/<slug:kind>/<int:pk>/edit/", views.record_form, name="record_edit"),
    path("cases/<str:reference>/<slug:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("cases/<str:reference>/statements/<int:pk>/propose/", views.claims_propose, name="claims_propose"),
    path("cases/<str:reference>/claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("cases/<str:reference>/witness/<int:person_pk>/print/", views.witness_print, name="witness_print"),
]
