from django.urls import include, path

from sciezka.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sciezka.accounts.urls")),
    path("persons/", include("sciezka.registry.urls")),
    path("rules/", include("sciezka.rules.urls")),
    path("registry/import/", include("sciezka.registry.urls_import")),
    # /verify/<code> (public) and /persons/<public_id>/certificates/…, /persons/<public_id>/report/
    path("", include("sciezka.registry.urls_documents")),
    path("", include("sciezka.web.urls")),
]
