from django.urls import path

from . import views, views_export

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<str:reference>/", views.case_detail, name="case_detail"),
    path("cases/<str:reference>/edit/", views.case_edit, name="case_edit"),
    path("cases/<str:reference>/stage/", views.case_stage, name="case_stage"),
    path("cases/<str:reference>/notes/add/", views.note_add, name="note_add"),
    path("cases/<str:reference>/notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
    path("cases/<str:reference>/tasks/add/", views.task_add, name="task_add"),
    path("cases/<str:reference>/tasks/<int:task_id>/toggle/", views.task_toggle, name="task_toggle"),
    path("cases/<str:reference>/team/add/", views.team_add, name="team_add"),
    path("cases/<str:reference>/team/<int:user_id>/remove/", views.team_remove, name="team_remove"),
    path("cases/<str:reference>/walls/add/", views.wall_add, name="wall_add"),
    path("cases/<str:reference>/walls/<int:user_id>/lift/", views.wall_lift, name="wall_lift"),
    path("cases/<str:reference>/export/", views_export.case_export, name="case_export"),
    path("cases/<str:reference>/<slug:tab>/", views.case_detail, name="case_tab"),
]
