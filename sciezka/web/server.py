"""Run the WSGI application under gunicorn (sync workers: measured fastest here, see stack notes)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from sciezka.config.wsgi import application

        return application


def run_gunicorn(*, bind: str, workers: int, access_log: bool = True) -> None:
    _Gunicorn(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "sync",
            "timeout": 60,
            "control_socket_disable": True,
            "accesslog": "-" if access_log else None,
            "proc_name": "sciezka",
        }
    ).run()
