"""The dashboard counts the persons of the period once for its four person figures
(origin, first language, life stage, residence status); a figure asked alone counts only
its own. Both ways must give the same figures, also for persons with several native
languages and several residence statuses, valid or not at the end of the period."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from lotse.cases.models import Case
from lotse.people.models import Household, Person, PersonLanguage, ResidenceStatusRecord
from lotse.reports import dashboard as board
from lotse.reports.person_figures import share_persons
from tests.reports.hand_built import build_town

pytestmark = pytest.mark.django_db

PERSON_FIGURES = ("origin", "languages", "life_stages", "residence")
Q3 = board.Filters(start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))


def _with_a_family(town):
    """The hand-built town and a household case of Q3 with two persons whose records need
    choosing: p7 speaks Turkish and Arabic natively (the first by code: Arabic) and German
    as a second language, and has four residence statuses of which two are valid on 30
    September (the later one: residence permit); p8 has two statuses from the same day
    (the one recorded later: temporary protection); p9 two recorded at the same moment too
    (the one entered last: EU Blue Card)."""
    m = town["municipality"]
    family = Household.objects.create(municipality=m, name="Familie Haddad")
    p7 = Person.objects.create(
        municipality=m,
        given_name="Samir",
        family_name="Haddad",
        country_of_origin="SY",
        birth_date=dt.date(2000, 1, 1),
        household=family,
    )
    p8 = Person.objects.create(
        municipality=m,
        given_name="Leyla",
        family_name="Haddad",
        country_of_origin="TR",
        household=family,
    )
    for language, level in (("tr", "native"), ("ar", "native"), ("de", "b")):
        PersonLanguage.objects.create(person=p7, language=language, level=level)
    PersonLanguage.objects.create(person=p8, language="fa", level="native")
    for status, since, until in (
        ("asylum_seeker", dt.date(2024, 1, 1), dt.date(2026, 5, 31)),
        ("toleration", dt.date(2026, 6, 1), None),
        ("residence_permit", dt.date(2026, 9, 1), None),
        ("settlement_permit", dt.date(2026, 10, 15), None),
    ):
        ResidenceStatusRecord.objects.create(
            person=p7, status=status, valid_from=since, valid_until=until
        )
    earlier = timezone.now() - dt.timedelta(days=1)
    for status, recorded in (("unclear", earlier), ("temporary_protection", timezone.now())):
        record = ResidenceStatusRecord.objects.create(
            person=p8, status=status, valid_from=dt.date(2026, 2, 1)
        )
        ResidenceStatusRecord.objects.filter(pk=record.pk).update(recorded_at=recorded)
    p9 = Person.objects.create(
        municipality=m,
        given_name="Olha",
        family_name="Haddad",
        country_of_origin="UA",
        household=family,
    )
    for status in ("visa", "eu_blue_card"):
        ResidenceStatusRecord.objects.create(
            person=p9, status=status, valid_from=dt.date(2026, 3, 1)
        )
    ResidenceStatusRecord.objects.filter(person=p9).update(recorded_at=earlier)
    Case.objects.create(
        municipality=m,
        reference="C6",
        site=town["hochfeld"],
        owner=town["anna"],
        opened_on=dt.date(2026, 8, 1),
        phase="implementation",
        household=family,
    )
    return m


def test_shared_person_counts_choose_first_language_and_latest_valid_status():
    m = _with_a_family(build_town())
    counted = share_persons(board.Scope(m, Q3))
    # p1–p4 of the hand-built town (see hand_built.py) and p7–p9.
    assert counted.origin == Counter({"RO": 3, "BG": 1, "SY": 1, "TR": 1, "UA": 1})
    assert counted.language == Counter({"ro": 2, "bg": 1, "ar": 1, "fa": 1, "": 2})
    assert counted.residence == Counter(
        {
            "eu_free_movement": 1,
            "residence_permit": 1,
            "temporary_protection": 1,
            "eu_blue_card": 1,
            "": 3,
        }
    )
    assert counted.stage == Counter(
        {"school": 1, "working_age": 1, "senior": 1, "young_adult": 1, "unknown": 3}
    )


@pytest.mark.parametrize("site", [None, "hochfeld"])
def test_shared_person_counts_give_the_figures_each_figure_gives_alone(site):
    town = build_town()
    m = _with_a_family(town)
    filters = board.Filters(start=Q3.start, end=Q3.end, site_id=town[site].pk if site else None)
    with translation.override("en"):
        alone = {name: board.figure(board.Scope(m, filters), name) for name in PERSON_FIGURES}
        together = {f.name: f for f in board.dashboard(board.Scope(m, filters))}
    for name in PERSON_FIGURES:
        assert together[name].as_json() == alone[name].as_json(), name


def test_dashboard_reads_the_persons_records_once():
    m = _with_a_family(build_town())
    with CaptureQueriesContext(connection) as queries:
        board.dashboard(board.Scope(m, Q3))
    statements = [q["sql"] for q in queries.captured_queries]
    assert sum(PersonLanguage._meta.db_table in sql for sql in statements) == 1
    assert sum(ResidenceStatusRecord._meta.db_table in sql for sql in statements) == 1
    assert sum(f'FROM "{Person._meta.db_table}"' in sql for sql in statements) == 1
