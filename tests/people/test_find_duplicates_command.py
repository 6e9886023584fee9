"""`lotse find-duplicates`: the candidate pairs as CSV for measuring the matcher, or queued
for review with the figures; in one language; quiet when its reader stops."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from lotse.people import services
from lotse.people.models import DuplicatePair
from tests.people.test_duplicates import world

__all__ = ["world"]  # the fixture used here


def test_find_duplicates_prints_csv_with_the_source_ids(world):
    services.create_person(
        acting_user=world["manager"],
        municipality=world["municipality"],
        given_name="Ion",
        family_name="Popescu",
        birth_date=dt.date(1985, 4, 2),
    )
    unknown = services.create_person(
        acting_user=world["manager"],
        municipality=world["municipality"],
        given_name="Popescu",
        family_name="Ion",
        birth_date=dt.date(1985, 4, 2),
    )
    out = io.StringIO()
    call_command(
        "find-duplicates", municipality=world["municipality"].slug, format="csv", stdout=out
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["source_a", "external_id_a", "source_b", "external_id_b", "score"]
    pairs = {frozenset([(a, b), (c, d)]): float(score) for a, b, c, d, score in rows[1:]}
    assert len(pairs) == 2
    assert 0.8 <= pairs[frozenset([("jobcenter", "J-1"), ("abh", "A-7")])] <= 1.0
    assert any(("lotse", str(unknown.pk)) in pair for pair in pairs)
    assert not DuplicatePair.objects.exists()  # CSV only prints


def test_find_duplicates_queues_and_reports(world):
    out = io.StringIO()
    slug = world["municipality"].slug
    call_command(
        "find-duplicates", municipality=slug, language="en", stdout=out, stderr=io.StringIO()
    )
    assert "Persons: 2;" in out.getvalue()
    assert "new in the review queue: 1 " in out.getvalue()
    assert DuplicatePair.objects.count() == 1
    with pytest.raises(CommandError, match="No municipality"):
        call_command("find-duplicates", municipality="nowhere", language="en")
    out = io.StringIO()
    call_command("find-duplicates", municipality=slug, stdout=out, stderr=io.StringIO())
    assert "Personen: 2;" in out.getvalue()  # the site's language by default


class _ClosedAfterOneLine(io.StringIO):
    """Standard output piped into ``head -1``: the pipe breaks after the first line."""

    def write(self, text):
        if self.getvalue():
            raise BrokenPipeError
        return super().write(text)


def test_find_duplicates_stops_quietly_when_the_reader_stops(world):
    out = _ClosedAfterOneLine()
    call_command(
        "find-duplicates", municipality=world["municipality"].slug, format="csv", stdout=out
    )
    assert out.getvalue().startswith("source_a,")
