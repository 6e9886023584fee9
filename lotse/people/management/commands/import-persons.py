"""`lotse import-persons FILE --municipality SLUG [--dry-run]`: import persons from another
system (CSV or XLSX; columns in docs/import-format.md). All or nothing: any invalid row
imports nothing, and every bad row and column is listed. Progress goes to standard error."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.core.tables import ImportFileError
from lotse.people import imports
from lotse.people.management.common import municipality_by_slug


class Command(BaseCommand):
    help = "Import persons from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="the municipality's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and match only, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        started = time.perf_counter()

        def progress(phase: str, done: int, total: int) -> None:
            self.stderr.write(f"{phase} {done} of {total}")
            self.stderr.flush()

        try:
            report = imports.import_persons(
                acting_user=None,
                municipality=municipality,
                filename=path.name,
                data=data,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ImportFileError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        seconds = time.perf_counter() - started
        if not report.ok:
            for error in report.errors:
                column = f", column {error.column}" if error.column else ""
                self.stdout.write(f"Row {error.row}{column}: {error.message}")
            raise CommandError(
                f"Nothing imported: {report.error_count} error(s) in {report.rows} rows."
            )
        verb = "would be" if report.dry_run else "were"
        self.stdout.write(
            f"{report.rows} rows in {seconds:.1f} s ({report.rows / max(seconds, 1e-9):.0f}/s): "
            f"{report.created} persons {verb} created ({report.queued} of them queued for "
            f"review as possible duplicates), {report.linked} linked to known persons, "
            f"{report.updated} updated, {report.unchanged} unchanged."
        )
