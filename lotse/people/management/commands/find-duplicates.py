"""`lotse find-duplicates --municipality SLUG [--format text|csv]`: look for persons who
were registered twice.

``text`` (the default) queues new pairs for review in Lotse and prints the figures.
``csv`` writes nothing: it prints every candidate pair to standard output with the header
``source_a,external_id_a,source_b,external_id_b,score`` (score between 0 and 1), so that
others can measure the matcher. A person without an imported id is named by source
``lotse`` and its Lotse id; a person with several source ids (after a merge) gives a row
for each. Piped into a command that stops reading (``| head``), it stops quietly.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lotse.audit.services import audited_as_command
from lotse.people import duplicates, loading, services
from lotse.people.management.common import add_language_argument, in_language, municipality_by_slug
from lotse.people.models import PersonSource
from lotse.tenancy.models import Municipality

HEADER = ("source_a", "external_id_a", "source_b", "external_id_b", "score")


class Command(BaseCommand):
    help = "Find possible duplicate persons of a municipality (queue them, or print CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="the municipality's slug")
        parser.add_argument("--format", choices=("text", "csv"), default="text")
        add_language_argument(parser)

    @audited_as_command
    @in_language
    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        started = time.perf_counter()
        if options["format"] == "csv":
            try:
                self._csv(municipality)
            except BrokenPipeError:
                _stop_writing()  # the reader stopped (``| head``): the rest is not wanted
            return

        def progress(done: int, total: int) -> None:
            self.stderr.write(
                _("  blocking pass %(done)s of %(total)s done") % {"done": done, "total": total}
            )

        summary = services.detect_duplicates(
            acting_user=None, municipality=municipality, progress=progress
        )
        self.stdout.write(
            _(
                "Persons: %(persons)s; pairs compared: %(compared)s; possible duplicates:"
                " %(found)s, new in the review queue: %(new)s (%(seconds)s s)."
            )
            % {
                "persons": summary.persons,
                "compared": summary.compared,
                "found": summary.found,
                "new": summary.new,
                "seconds": f"{time.perf_counter() - started:.1f}",
            }
        )

    def _csv(self, municipality: Municipality) -> None:
        pks, records, persons = loading.load_people(municipality.pk)
        detection = duplicates.find_person_pairs(records, persons)
        ids: dict[Any, list[tuple[str, str]]] = defaultdict(list)
        for person_id, source, external_id in (
            PersonSource.objects.filter(municipality=municipality)
            .order_by("source", "external_id")
            .values_list("person_id", "source", "external_id")
            .iterator(chunk_size=20_000)
        ):
            ids[person_id].append((source, external_id))
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for (first, second), evidence in duplicates.person_pairs(pks, detection, persons).items():
            for source_a, id_a in ids.get(first) or [("lotse", str(first))]:
                for source_b, id_b in ids.get(second) or [("lotse", str(second))]:
                    writer.writerow((source_a, id_a, source_b, id_b, f"{evidence.score:.4f}"))


def _stop_writing() -> None:
    """Point standard output at the null device: Python would complain once more when it
    flushes the broken pipe at the exit."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (captured in a test)
        return
    os.dup2(os.open(os.devnull, os.O_WRONLY), fileno)
