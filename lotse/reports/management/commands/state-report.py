"""`lotse state-report --municipality SLUG --period 2026-Q3 [--format json|csv] [--output FILE]`
writes a municipality's anonymised state report; `lotse state-report combine FILE...
[--format json|csv] [--output FILE]` adds the files of many municipalities up to state
totals. JSON by default (see docs/state-report.schema.json), CSV in long form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lotse.audit.services import audited_as_command
from lotse.people.management.common import municipality_by_slug
from lotse.reports import services, state, state_combine


class Command(BaseCommand):
    help = (
        "Write the anonymised state report of a municipality (--municipality, --period), "
        "or combine municipalities' files: state-report combine FILE..."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "words", nargs="*", metavar="combine FILE", help="combine and the files to add up"
        )
        parser.add_argument("--municipality", help="the municipality's slug")
        parser.add_argument("--period", help="a quarter (2026-Q3) or a year (2026)")
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--output", help="write to this file instead of standard output")

    # Its messages are English, the shared ones too (``municipality_by_slug``).
    @translation.override("en")
    @audited_as_command
    def handle(self, *args: Any, **options: Any) -> None:
        words: list[str] = options["words"]
        fmt: str = options["format"]
        try:
            report = self._combine(words, fmt) if words else self._municipality(options, fmt)
        except state.StateReportError as error:
            raise CommandError(str(error)) from error
        text = state.to_csv(report) if fmt == "csv" else state.to_json(report)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            # Through the command's stream, so that call_command(stdout=…) captures it.
            self.stdout.write(text, ending="")

    def _municipality(self, options: dict[str, Any], fmt: str) -> dict[str, Any]:
        if not options["municipality"] or not options["period"]:
            raise CommandError(
                "Name --municipality SLUG and --period 2026-Q3 (or combine FILE...)."
            )
        municipality = municipality_by_slug(options["municipality"])
        period = state.parse_period(options["period"])
        return services.write_state_report(
            acting_user=None, municipality=municipality, period=period, fmt=fmt
        )

    def _combine(self, words: list[str], fmt: str) -> dict[str, Any]:
        action, *files = words
        if action != "combine":
            raise CommandError(f"Unknown action {action!r}: the only one is combine FILE...")
        if not files:
            raise CommandError("Name the files to combine: state-report combine FILE...")
        documents = []
        for name in files:
            try:
                document = json.loads(Path(name).read_text(encoding="utf-8"))
            except OSError as error:
                raise CommandError(f"{name}: cannot be read ({error.strerror}).") from error
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CommandError(f"{name}: not a JSON file.") from error
            documents.append(state_combine.check_file(document, source=name))
        return services.combine_state_reports(acting_user=None, documents=documents, fmt=fmt)
