"""Checks for uploaded scans: the content decides, not the file name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def scan_type(upload: UploadedFile) -> str:
    """The checked content type of a scan (PDF, PNG or JPEG), or a ValidationError."""
    limit = settings.LOTSE_MAX_SCAN_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB. Please scan with a lower resolution.")
            % {"mb": limit // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        upload.seek(max(0, upload.size - 2048))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" in tail:
            return PDF
    elif head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        try:
            with Image.open(upload) as image:
                image.verify()
                kind = IMAGE_TYPES.get(image.format or "")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            kind = None
        upload.seek(0)
        if kind:
            return kind
    raise ValidationError(
        _(
            "Only a PDF, PNG or JPEG file can be stored as a scan; this file is none of them "
            "(its content was checked, not its name)."
        )
    )
