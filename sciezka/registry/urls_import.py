"""The import of persons on the web, included at ``/registry/import/``."""

from django.urls import path

from sciezka.registry import views_import

app_name = "registry_import"

urlpatterns = [
    path("", views_import.upload_view, name="upload"),
    path("<uuid:public_id>/", views_import.run_view, name="run"),
    path("<uuid:public_id>/progress/", views_import.run_progress_view, name="progress"),
    path("<uuid:public_id>/rejects.csv", views_import.run_rejects_view, name="rejects"),
]
