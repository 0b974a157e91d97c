from django.urls import URLPattern, URLResolver, path

from . import matching_views, views

app_name = "partners"
_W = "<int:pk>"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.partnership_list, name="list"),
    path("cases/<str:reference>/invite/", views.invite, name="invite"),
    path(f"{_W}/", views.workspace, name="workspace"),
    path(f"{_W}/answer/", views.answer, name="answer"),
    path(f"{_W}/end/", views.end, name="end"),
    path(f"{_W}/share/", views.share, name="share"),
    path(f"{_W}/shared/<int:share_pk>/", views.shared_item, name="shared_item"),
    path(f"{_W}/shared/<int:share_pk>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{_W}/notes/add/", views.note_add, name="note_add"),
    path(f"{_W}/agenda/add/", views.agenda_add, name="agenda_add"),
    path(f"{_W}/agenda/<int:item_pk>/status/", views.agenda_status, name="agenda_status"),
    path(f"{_W}/team/add/", views.team_add, name="team_add"),
    path(f"{_W}/log.csv", views.log_csv, name="log_csv"),
    path("matching/", matching_views.settings_page, name="matching"),
    path("matching/export/", matching_views.export_index, name="matching_export"),
    path("matching/import/", matching_views.import_index, name="matching_import"),
    path("matching/matches/<int:match_pk>/contact/", matching_views.contact, name="matching_contact"),
]
