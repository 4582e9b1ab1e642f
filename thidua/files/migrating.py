"""For the data migrations of the apps whose records held their own FileField: each file already
uploaded becomes a StoredFile row (one per content), and the record points at it.

The old copies stay where they were until `thidua files-clean` removes them (nothing refers to
them once the old column is gone), so a migration rolled back loses no file.
"""

import hashlib
import os
import re

from thidua.files.content import UploadRefused, sniff
from thidua.files.services import ROOT, _write, storage

_UNIQUE_PREFIX = re.compile(r"^[0-9a-f]{32}-")


def adopt_files(app_label: str, model_name: str, old_field: str, new_field: str):
    """A RunPython function moving `model.old_field` (a FileField) into `model.new_field` (a
    foreign key to StoredFile). A file missing from the storage leaves the new field empty."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        stored_files = apps.get_model("files", "StoredFile")
        for row in model._default_manager.exclude(**{old_field: ""}).iterator():
            name = getattr(row, old_field).name
            if not name or not storage().exists(name):
                continue
            with storage().open(name, "rb") as source:
                data = source.read()
            digest = hashlib.sha256(data).hexdigest()
            stored = stored_files.objects.filter(sha256=digest).first()
            if stored is None:
                path = f"{ROOT}/{digest[:2]}/{digest}"
                _write(path, data)
                stored = stored_files.objects.create(
                    sha256=digest,
                    size=len(data),
                    content_type=_content_type(data),
                    original_name=_UNIQUE_PREFIX.sub("", os.path.basename(name))[-255:] or digest,
                    path=path,
                )
            setattr(row, f"{new_field}_id", stored.pk)
            row.save(update_fields=[new_field])

    return forward


def _content_type(data: bytes) -> str:
    """Files stored before the content was checked may be anything: those are served as bytes."""
    try:
        kinds = sniff(data)
    except UploadRefused:
        kinds = ()
    return kinds[0].content_type if len(kinds) == 1 else "application/octet-stream"
