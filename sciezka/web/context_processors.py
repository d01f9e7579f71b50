from __future__ import annotations

from django.http import HttpRequest

import sciezka


def version(request: HttpRequest) -> dict[str, str]:
    return {"SCIEZKA_VERSION": sciezka.__version__}
