from django.urls import path

from . import case_roles, views

app_name = "people"
urlpatterns = [
    path("case/<str:reference>/roles/add/", case_roles.role_add, name="role_add"),
    path("case/<str:reference>/roles/<int:role_id>/remove/", case_roles.role_remove, name="role_remove"),
    path("lookup/", views.person_lookup, name="person_lookup"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
]

# extracted people, the review queue and the actor index (innocence/people/actor_views.py)
from . import actor_views  # noqa: E402

urlpatterns += [
    path("case/<str:reference>/extracted/", actor_views.case_extracted, name="case_extracted"),
    path("case/<str:reference>/extracted.csv", actor_views.case_extracted_csv, name="case_extracted_csv"),
    path("case/<str:reference>/add-role/", actor_views.case_add_role, name="case_add_role"),
    path("case/<str:reference>/split/<int:pk>/", actor_views.case_split, name="case_split"),
    path("case/<str:reference>/extract/", actor_views.case_extract, name="case_extract"),
    path("review/", actor_views.review, name="review"),
    path("review/link/<int:pk>/<str:action>/", actor_views.review_link, name="review_link"),
    path("review/attachment/", actor_views.review_attachment, name="review_attachment"),
    path("case/<str:reference>/auto-link/<int:pk>/undo/", actor_views.auto_link_undo, name="auto_link_undo"),
    path("merge/", actor_views.merge, name="merge"),
    path("actors/", actor_views.actors, name="actors"),
    path("actors/<int:pk>/", actor_views.actor, name="actor"),
]
