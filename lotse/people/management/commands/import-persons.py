"""`lotse import-persons FILE --municipality SLUG [--dry-run]`: import persons from another
system (CSV or XLSX; columns in docs/import-format.md). All or nothing: any invalid row
imports nothing, and every bad row and column is listed. Progress goes to standard error.
Everything is said in one language: the site's (German), or the one of ``--language``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotse.audit.services import audited_as_command
from lotse.core.tables import ImportFileError
from lotse.people import import_jobs, imports
from lotse.people.management.common import add_language_argument, in_language, municipality_by_slug


class Command(BaseCommand):
    help = "Import persons from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="the municipality's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and match only, write nothing"
        )
        add_language_argument(parser)

    @audited_as_command
    @in_language
    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc
        started = time.perf_counter()

        def progress(phase: str, done: int, total: int) -> None:
            label = import_jobs.PHASE_LABELS.get(phase, phase)
            self.stderr.write(
                _("%(phase)s: %(done)s of %(total)s")
                % {"phase": label, "done": done, "total": total}
            )
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
            raise CommandError(_("Nothing imported: %(reason)s") % {"reason": exc}) from exc
        seconds = time.perf_counter() - started
        if not report.ok:
            for error in report.errors:
                where = {"row": error.row, "column": error.column, "message": error.message}
                if error.column:
                    self.stdout.write(_("Row %(row)s, column %(column)s: %(message)s") % where)
                else:
                    self.stdout.write(_("Row %(row)s: %(message)s") % where)
            rows = ngettext("%(count)s row", "%(count)s rows", report.rows) % {"count": report.rows}
            raise CommandError(
                ngettext(
                    "Nothing imported: %(errors)s error in %(rows)s.",
                    "Nothing imported: %(errors)s errors in %(rows)s.",
                    report.error_count,
                )
                % {"errors": report.error_count, "rows": rows}
            )
        figures = {
            "rows": ngettext("%(count)s row", "%(count)s rows", report.rows)
            % {"count": report.rows},
            "seconds": f"{seconds:.1f}",
            "speed": f"{report.rows / max(seconds, 1e-9):.0f}",
            "created": report.created,
            "queued": report.queued,
            "linked": report.linked,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        # Figures after their labels: no number needs a noun of its own (1 person, 2 persons).
        if report.dry_run:
            outcome = _(
                "%(rows)s in %(seconds)s s (%(speed)s/s), nothing written. Would be created:"
                " %(created)s (queued for review as possible duplicates: %(queued)s); linked"
                " to known persons: %(linked)s; updated: %(updated)s; unchanged:"
                " %(unchanged)s."
            )
        else:
            outcome = _(
                "%(rows)s in %(seconds)s s (%(speed)s/s). Created: %(created)s (queued for"
                " review as possible duplicates: %(queued)s); linked to known persons:"
                " %(linked)s; updated: %(updated)s; unchanged: %(unchanged)s."
            )
        self.stdout.write(outcome % figures)
