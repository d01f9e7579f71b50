"""The project's URLs plus ``/bench/bare/<pesel>``: one row by key as JSON, with no policy and no log."""

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import path

from sciezka.config.urls import urlpatterns as project_urls
from sciezka.registry.models import Person


def bare_person(request: HttpRequest, pesel: str) -> JsonResponse:
    row = (
        Person.objects.filter(pesel=pesel)
        .values("public_id", "first_name", "last_name", "birth_date")
        .first()
    )
    if row is None:
        raise Http404
    return JsonResponse(
        {**row, "public_id": str(row["public_id"]), "birth_date": row["birth_date"].isoformat()}
    )


urlpatterns = [path("bench/bare/<str:pesel>", bare_person), *project_urls]
