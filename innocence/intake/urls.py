from django.urls import path

from . import views, views_metrics, views_public, views_settings

app_name = "intake"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.application_new, name="new"),
    path("metrics/", views_metrics.metrics_page, name="metrics"),
    path("letters/batch/", views.letters_batch, name="letters_batch"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("settings/criteria/add/", views_settings.criterion_save, name="criterion_add"),
    path("settings/criteria/<int:criterion_id>/", views_settings.criterion_save, name="criterion_edit"),
    path("settings/facilities/add/", views_settings.facility_add, name="facility_add"),
    path("settings/letters/<slug:kind>/", views_settings.template_edit, name="template_edit"),
    path("apply/<slug:slug>/", views_public.apply, name="public_apply"),
    path("apply/<slug:slug>/received/", views_public.received, name="public_received"),
    path("<str:reference>/", views.application_detail, name="detail"),
    path("<str:reference>/edit/", views.application_edit, name="edit"),
    path("<str:reference>/transition/", views.application_transition, name="transition"),
    path("<str:reference>/assign/", views.application_assign, name="assign"),
    path("<str:reference>/facility/", views.facility_move, name="facility_move"),
    path("<str:reference>/files/", views.file_upload, name="file_upload"),
    path("<str:reference>/files/<int:file_id>/", views.file_download, name="file_download"),
    path("<str:reference>/letters/", views.letter_send, name="letter_send"),
    path("<str:reference>/letters/<int:entry_id>.<str:fmt>", views.letter_download, name="letter_download"),
    path("<str:reference>/incoming/", views.incoming_log, name="incoming_log"),
    path("<str:reference>/matches/", views.match_review, name="match_review"),
    path("<str:reference>/conflicts/decision/", views.conflict_decision, name="conflict_decision"),
    path("<str:reference>/screening/", views.screening_save, name="screening_save"),
]
