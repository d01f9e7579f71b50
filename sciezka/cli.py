"""The ``sciezka`` console script: Django's management utility with the project's settings.

``sciezka migrate``, ``sciezka createsuperuser`` and every project command (``demo``, ``serve``,
``calendar``, ``pesel``, ``teryt``, ``token``, ``audit``, ``import``, ``person``) run through it.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciezka.config.settings")
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["demo"]:
        # The demo runs on plain HTTP on localhost: insecure cookies are acceptable there, and only there.
        os.environ.setdefault("SCIEZKA_MODE", "demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sciezka", *args])


if __name__ == "__main__":
    main()
