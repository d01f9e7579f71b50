"""URLs of person documents: staff pages under ``/persons/<public_id>/`` and the public ``/verify/<code>``.

Included at the site root (``path("", include("sciezka.registry.urls_documents"))``).
"""

from django.urls import path

from sciezka.registry import views_documents as views

app_name = "registry_documents"

urlpatterns = [
    path("verify/<str:code>", views.certificate_verify_view, name="certificate-verify"),
    path("persons/<uuid:public_id>/certificates/", views.person_certificates, name="person-certificates"),
    path(
        "persons/<uuid:public_id>/certificates/<str:code>.pdf",
        views.certificate_pdf_view,
        name="certificate-pdf",
    ),
    path(
        "persons/<uuid:public_id>/certificates/<str:code>/",
        views.certificate_detail,
        name="certificate-detail",
    ),
    path("persons/<uuid:public_id>/report/", views.person_report_view, name="person-report"),
]
