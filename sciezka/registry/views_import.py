"""The web page of the import of persons: upload, progress while it runs, counts and rejected rows after.

A thin layer over ``registry.imports`` (the same use case as ``sciezka import persons``). The import is
always for the institution the user is acting for (``request.membership``). The upload is saved under
``DATA_DIR/imports/<random>/`` and deleted when its run ends; its rejects file stays there for download.
Small files are imported in the request; larger ones in a background thread, whose progress the run page
polls with HTMX every second (and a plain link refreshes it without JavaScript).
"""

from __future__ import annotations

import logging
import shutil
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sciezka.accounts.selectors import ActingAs
from sciezka.registry.domain.import_rows import HEADER
from sciezka.registry.imports import (
    ImportFileError,
    import_run_get_for,
    import_run_list_for,
    persons_import_in_background,
    persons_import_run,
    persons_import_start,
    read_rejects,
)
from sciezka.registry.models import ImportRun
from sciezka.registry.services import ensure_can_act_for

log = logging.getLogger(__name__)

#: Files up to this size are imported within the request (a few thousand rows: about a second).
SYNC_LIMIT_BYTES = 256 * 1024
#: Rejected rows listed on the run page; the rest are in the downloadable rejects file.
REJECTS_SHOWN = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("UTF-8 or Windows-1250 CSV separated by ; or , — or an Excel XLSX workbook."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv", "aria-describedby": "id_file-hint"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit: int = settings.SCIEZKA["IMPORT_MAX_BYTES"]
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; import it with the command line instead."),
                code="too_large",
                params={"mb": limit // (1024 * 1024)},
            )
        return upload


def _actor(request: HttpRequest) -> ActingAs:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied("no active role")
    actor = ActingAs.from_membership(membership)
    ensure_can_act_for(actor, actor.institution)
    return actor


def _run(request: HttpRequest, public_id: uuid.UUID) -> tuple[ActingAs, ImportRun]:
    actor = _actor(request)
    try:
        return actor, import_run_get_for(actor=actor, public_id=str(public_id))
    except ImportRun.DoesNotExist:
        raise Http404 from None


def _save_upload(upload: UploadedFile[bytes]) -> Path:
    """Store the upload as ``DATA_DIR/imports/<random>/<its name>``; the rejects file goes next to it."""
    directory = Path(settings.DATA_DIR) / "imports" / uuid.uuid4().hex
    directory.mkdir(parents=True)
    try:
        name = get_valid_filename(Path(upload.name or "").name)[-120:]
    except SuspiciousFileOperation:
        name = "upload.csv"
    path = directory / name
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
def upload_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = _save_upload(upload)
        try:
            run = persons_import_start(actor=actor, path=path, display_name=upload.name)
        except ImportFileError as exc:
            shutil.rmtree(path.parent, ignore_errors=True)
            form.add_error(
                "file",
                gettext("The file cannot be imported; nothing was changed. %(reason)s") % {"reason": exc},
            )
        else:
            if upload.size is not None and upload.size <= SYNC_LIMIT_BYTES:
                try:
                    persons_import_run(actor=actor, run=run, path=path)
                except Exception:  # recorded on the run (status "failed", the error), which the page shows
                    log.exception("import %s failed", run.public_id)
                finally:
                    path.unlink(missing_ok=True)  # the upload is not kept; the rejects file stays
            else:
                persons_import_in_background(
                    actor=actor,
                    run=run,
                    path=path,
                    request_id=getattr(request, "request_id", ""),
                    remove_file=True,
                )
            return redirect("registry_import:run", public_id=run.public_id)
    return render(
        request,
        "registry/import/upload.html",
        {"form": form, "runs": import_run_list_for(actor=actor), "header": ";".join(HEADER)},
    )


@login_required
def run_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _, run = _run(request, public_id)
    rejects, rejects_total = read_rejects(run.rejects_file, limit=REJECTS_SHOWN)
    return render(
        request,
        "registry/import/run.html",
        {"run": run, "rejects": rejects, "rejects_total": rejects_total, "rejects_shown": len(rejects)},
    )


@login_required
def run_progress_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The progress fragment the run page polls; once the run has ended, htmx reloads the whole page."""
    _, run = _run(request, public_id)
    response = render(request, "registry/import/_progress.html", {"run": run})
    if run.status != ImportRun.Status.RUNNING and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_rejects_view(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    _, run = _run(request, public_id)
    if not run.rejects_file or not Path(run.rejects_file).exists():
        raise Http404
    return FileResponse(
        Path(run.rejects_file).open("rb"),
        as_attachment=True,
        filename=f"{Path(run.file_name).name}.rejects.csv",
        content_type="text/csv; charset=utf-8",
    )
