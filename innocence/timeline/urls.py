from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "timeline"
_C = "cases/<str:reference>/timeline"
urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_C}/events/new/", views.event_form, name="event_add"),
    path(f"{_C}/events/<int:pk>/edit/", views.event_form, name="event_edit"),
    path(f"{_C}/events/<int:pk>/review/", views.event_review, name="event_review"),
    path(f"{_C}/events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path(f"{_C}/propose/", views.propose, name="propose"),
    path(f"{_C}/proceedings/new/", views.proceeding_form, name="proceeding_add"),
    path(f"{_C}/proceedings/<int:pk>/edit/", views.proceeding_form, name="proceeding_edit"),
    path(f"{_C}/proceedings/<int:pk>/delete/", views.proceeding_delete, name="proceeding_delete"),
    path(f"{_C}/proceedings/<int:proceeding_pk>/steps/new/", views.step_form, name="step_add"),
    path(f"{_C}/proceedings/<int:proceeding_pk>/steps/<int:pk>/edit/", views.step_form, name="step_edit"),
    path(f"{_C}/proceedings/<int:proceeding_pk>/steps/<int:pk>/delete/", views.step_delete, name="step_delete"),
    path(f"{_C}/calendar/new/", views.item_form, name="item_add"),
    path(f"{_C}/calendar/<int:pk>/edit/", views.item_form, name="item_edit"),
    path(f"{_C}/calendar/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path(f"{_C}/chronology.csv", views.export_csv, name="export_csv"),
    path(f"{_C}/chronology.ics", views.export_ics, name="export_ics"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("deadlines/feeds/new/", views.feed_create, name="feed_create"),
    path("deadlines/feeds/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:secret>.ics", views.feed, name="feed"),
]
