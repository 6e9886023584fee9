"""Bulk detection of duplicates, the review queue and merging two records into one."""

import datetime as dt
import random

import pytest
from django.test import Client
from django.utils import timezone, translation

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import services as case_services
from lotse.cases import walkins
from lotse.cases.enums import CaseEventKind
from lotse.cases.models import Case, CaseEvent
from lotse.consents import services as consent_services
from lotse.consents.models import Consent
from lotse.core.catalogues import Language, LanguageLevel, ResidenceStatus
from lotse.people import duplicates, imports, loading, matching, pair_review, queries, services
from lotse.people.calibration import calibrate_records
from lotse.people.enums import PairStatus
from lotse.people.models import DuplicatePair, Person, PersonSource
from lotse.people.names import name_key, skeleton_words
from lotse.referrals import services as referral_services
from lotse.tenancy.enums import OrganisationKind
from tests.factories import OrganisationFactory, SiteFactory, make_user


def _record(given, family, birth=None, address=("", ""), precision="day"):
    street, postcode = address
    return matching.Record(
        given=name_key(given),
        family=name_key(family),
        skeletons=skeleton_words(given, family),
        birth_date=birth,
        birth_precision=precision,
        street=name_key(street),
        postcode=postcode,
    )


def test_detection_pairs_spellings_and_leaves_family_members_apart():
    born = dt.date(1990, 3, 7)
    records = [
        _record("Fatima", "Al-Hassan", born, ("Friedrich-Ebert-Str. 12", "47179")),  # 0
        _record("Fatma", "Alhasan", born, ("Friedrich-Ebert-Straße 12", "47179")),  # 1
        _record("Ahmad", "Al-Hassan", dt.date(1962, 1, 5), ("Friedrich-Ebert-Str. 12", "47179")),
        _record("Samira", "Al-Hassan", dt.date(2012, 8, 1), ("Friedrich-Ebert-Str. 12", "47179")),
        _record("Ion", "Popescu", dt.date(1985, 4, 2)),  # 4
        _record("Popescu", "Ion", dt.date(1985, 2, 4)),  # 5: swapped names, day and month
        _record("Ion", "Popesku", dt.date(1985, 1, 1), precision="year"),  # 6: only the year
        _record("Ion", "Popescu", dt.date(1950, 10, 30)),  # 7: his grandfather
    ]
    detection = duplicates.find_pairs(records)
    found = {(c.first, c.second): c.evidence for c in detection.candidates}
    assert set(found) == {(0, 1), (4, 5), (4, 6), (5, 6)}
    assert found[(0, 1)].codes == ["name:spelling", "birth:date", "address"]
    assert found[(4, 5)].codes == ["name:swapped", "birth:swapped"]
    assert all(0 <= evidence.score <= 1 for evidence in found.values())
    # every pair is scored once, however many blocks it shares
    assert detection.compared <= len(records) * (len(records) - 1) // 2


def test_oversized_blocks_are_not_compared_but_their_members_still_meet():
    records = [_record("Mohammed", f"Family{n:03d}xyz", dt.date(1990, 1, 1)) for n in range(5)]
    records.append(_record("Mohammed", "Family000xyz", dt.date(1990, 1, 1)))
    original = duplicates.MAX_BLOCK
    duplicates.MAX_BLOCK = 4
    try:
        detection = duplicates.find_pairs(records)
    finally:
        duplicates.MAX_BLOCK = original
    assert detection.skipped_blocks >= 1
    assert [(c.first, c.second) for c in detection.candidates] == [(0, 5)]


def test_a_pair_in_two_blocks_of_a_kind_meets_in_the_one_not_too_large(monkeypatch):
    """Maria Bogdan and Marja Bogdam share a date of birth and both initials (two blocks of
    that kind, no earlier one). The block of the first key ("…|b") is too large: they are
    compared in the other, even when that one comes first."""
    monkeypatch.setattr(duplicates, "MAX_BLOCK", 3)
    day = dt.date(1990, 3, 4)
    records = [
        _record("Mihai", "Moldovan", day),  # opens the block "…|m" before the others
        _record("Bela", "Bartok", day),
        _record("Boris", "Bulat", day),
        _record("Maria", "Bogdan", day),
        _record("Marja", "Bogdam", day),
    ]
    detection = duplicates.find_pairs(records)
    assert detection.skipped_blocks == 2  # "…|b" and the date of birth alone (five)
    assert [(c.first, c.second) for c in detection.candidates] == [(3, 4)]


def test_masculine_and_feminine_form_of_a_name_is_no_other_spelling():
    born = dt.date(1990, 3, 7)
    man = _record("Alexandru", "Popescu", born)
    assert matching.compare(man, _record("Alexandra", "Popescu", born)).name == "typo"
    assert matching.compare(man, _record("Aleksandru", "Popescu", born)).name == "spelling"
    assert (
        matching.compare(_record("Mohammed", "Haddad"), _record("Muhammad", "Hadad")).name
        == "spelling"
    )


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        ("Hassan", "Hussein", "typo"),  # حسن and حسين: one skeleton, two names
        ("Hasan", "Husain", "typo"),
        ("Hussein", "Husain", "spelling"),
        ("Hussein", "Hüseyin", "spelling"),
        ("Andrei", "Andrii", "spelling"),  # -ей at the end of a word is no ya
        ("Andrei Ion", "Andrii Ion", "spelling"),  # nor before another word
        ("Mohammed", "Muhammad", "spelling"),
        ("Omar", "Umar", "spelling"),
        ("Rusu", "Rezaei", "partial"),  # one skeleton of two letters, "rs", and no more
    ],
)
def test_a_skeleton_alone_does_not_make_two_names_one(first, second, name):
    """A name with the letter ya and one without are two names (Hassan, Hussein), and a
    skeleton of two letters is shared by names quite unlike each other (Rusu, Rezaei)."""
    born = dt.date(1990, 3, 7)
    found = matching.compare(_record(first, "Haddad", born), _record(second, "Haddad", born))
    assert found.name == name


def _surname(rng):
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def _born(rng):
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25_000))


def test_in_a_register_of_households_brothers_of_one_name_skeleton_are_no_pair():
    rng = random.Random(5)  # noqa: S311  (test data)
    records, copies = [], []
    for house in range(80):
        family, address = _surname(rng), (f"Weseler Str. {house + 1}", "47169")
        for given in rng.sample(["Ahmad", "Fatima", "Omar", "Layla", "Karim", "Nour"], 3):
            records.append(_record(given, family, _born(rng), address))
        if house % 2 == 0:  # the first member written a second time by another office
            copies.append((len(records) - 3, len(records)))
            first = records[-3]
            records.append(first._replace())
    family, address = "Al-Hussein", ("Kruppstr. 42", "47229")
    records.append(_record("Hassan", family, dt.date(2019, 9, 23), address))
    records.append(_record("Hussein", family, dt.date(2021, 10, 12), address))
    brothers = (len(records) - 2, len(records) - 1)

    calibration = calibrate_records(records)
    assert calibration.related == 1.0  # one family name, several given names per address
    assert calibration.birth_different == matching.BIRTH_DIFFERENT[0]  # dates are careful
    found = {(c.first, c.second) for c in duplicates.find_pairs(records).candidates}
    assert brothers not in found
    assert set(copies) <= found


def test_in_a_file_with_careless_dates_the_same_name_at_one_address_is_a_pair():
    rng = random.Random(6)  # noqa: S311  (test data)
    records, careless = [], []
    for house in range(60):
        given, family = rng.choice(["Emily", "Noah", "Ella", "Jack"]), _surname(rng)
        address = (f"{house + 1} Kitchener Street", "6530")
        records.append(_record(given, family, _born(rng), address))
        copy = records[-1]._replace()
        if house % 6 == 0:  # another date of birth altogether
            copy = copy._replace(birth_date=_born(rng))
            careless.append((len(records) - 1, len(records)))
        records.append(copy)

    calibration = calibrate_records(records)
    assert calibration.related == 0.0  # no households: one name per address
    assert calibration.birth_different > matching.BIRTH_DIFFERENT[0]
    found = {(c.first, c.second) for c in duplicates.find_pairs(records).candidates}
    assert set(careless) <= found
    assert len(found) == 60


def al_hassans_household(manager):
    """The Al-Hassans' household at Friedrich-Ebert-Str. 12, 47179 Duisburg."""
    return services.create_household(
        acting_user=manager,
        municipality=manager.membership.municipality,
        name="Al-Hassan",
        street="Friedrich-Ebert-Str. 12",
        postcode="47179",
    )


def fatima_at_home(manager, household):
    """Fatima Al-Hassan, born 7 March 1990, in ``household``."""
    return services.create_person(
        acting_user=manager,
        municipality=manager.membership.municipality,
        household=household,
        given_name="Fatima",
        family_name="Al-Hassan",
        birth_date=dt.date(1990, 3, 7),
    )


@pytest.fixture
def world(db):
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    site = SiteFactory(organisation__municipality=municipality)
    jobcenter = OrganisationFactory(
        municipality=municipality, name="Jobcenter", kind=OrganisationKind.JOBCENTER
    )
    fatima = fatima_at_home(manager, al_hassans_household(manager))
    fatma = services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Fatma",
        family_name="Alhasan",
        name_original="فاطمة الحسن",
        birth_date=dt.date(1990, 3, 7),
        phone="0203 4711",
    )
    PersonSource.objects.create(
        municipality=municipality, person=fatima, source="jobcenter", external_id="J-1"
    )
    PersonSource.objects.create(
        municipality=municipality, person=fatma, source="abh", external_id="A-7"
    )
    return {
        "manager": manager,
        "municipality": municipality,
        "site": site,
        "jobcenter": jobcenter,
        "fatima": fatima,
        "fatma": fatma,
    }


def _pair(world):
    summary = services.detect_duplicates(
        acting_user=world["manager"], municipality=world["municipality"]
    )
    assert (summary.persons, summary.found, summary.new) == (2, 1, 1)
    return DuplicatePair.objects.get()


def test_detection_queues_new_pairs_once_and_never_a_rejected_one(world):
    pair = _pair(world)
    assert {pair.first, pair.second} == {world["fatima"], world["fatma"]}
    assert pair.status == PairStatus.OPEN
    again = services.detect_duplicates(acting_user=None, municipality=world["municipality"])
    assert (again.found, again.new) == (1, 0)
    pair_review.reject_pair(acting_user=world["manager"], pair=pair)
    third = services.detect_duplicates(acting_user=None, municipality=world["municipality"])
    assert (third.found, third.new) == (1, 0)
    assert DuplicatePair.objects.get().status == PairStatus.REJECTED
    assert AuditEvent.objects.filter(event_type=EventType.DUPLICATES_DETECTED).count() == 3
    assert AuditEvent.objects.filter(event_type=EventType.DUPLICATE_REJECTED).count() == 1


def test_detection_stays_in_its_municipality(world):
    stranger = make_user(Role.CASE_MANAGER)
    services.create_person(
        acting_user=stranger,
        municipality=stranger.membership.municipality,
        given_name="Fatima",
        family_name="Al-Hassan",
        birth_date=dt.date(1990, 3, 7),
    )
    summary = services.detect_duplicates(acting_user=None, municipality=world["municipality"])
    assert summary.persons == 2
    assert DuplicatePair.objects.get().municipality == world["municipality"]


def test_merge_keeps_every_related_record_and_both_source_ids(world):
    manager, fatima, fatma = world["manager"], world["fatima"], world["fatma"]
    services.set_person_languages(
        acting_user=manager, person=fatima, languages=[(Language.ARABIC, LanguageLevel.NATIVE)]
    )
    services.set_person_languages(
        acting_user=manager,
        person=fatma,
        languages=[(Language.ARABIC, LanguageLevel.NATIVE), (Language.GERMAN, LanguageLevel.A)],
    )
    services.set_residence_status(
        acting_user=manager,
        person=fatma,
        status=ResidenceStatus.values[0],
        valid_from=dt.date(2024, 1, 1),
    )
    kept_case = case_services.open_case(
        acting_user=manager, owner=manager, site=world["site"], person=fatima
    )
    moved_case = case_services.open_case(
        acting_user=manager, owner=manager, site=world["site"], person=fatma
    )
    consent = consent_services.record_consent(
        acting_user=manager,
        person=fatma,
        organisation=world["jobcenter"],
        purpose="Arbeit",
        categories=["identity"],
        medium="written",
        given_on=timezone.localdate(),
    )
    referral = referral_services.create_referral(
        acting_user=manager,
        case=moved_case,
        persons=[fatma],
        organisation=world["jobcenter"],
        question="Arbeitssuche",
        categories=["identity"],
    )
    walk_in = walkins.register_walk_in(acting_user=manager, site=world["site"], person=fatma)
    pair = _pair(world)

    survivor = services.merge_persons(
        acting_user=manager, survivor=fatima, other=fatma, take_from_other=["phone"]
    )

    assert not Person.objects.filter(pk=fatma.pk).exists()
    survivor.refresh_from_db()
    assert (survivor.given_name, survivor.phone) == ("Fatima", "0203 4711")
    assert sorted(str(source) for source in survivor.sources.all()) == ["abh:A-7", "jobcenter:J-1"]
    assert set(Case.objects.filter(person=survivor)) == {kept_case, moved_case}
    assert Consent.objects.get(pk=consent.pk).person == survivor
    referral.refresh_from_db()
    assert list(referral.persons.all()) == [survivor]
    walk_in.refresh_from_db()
    assert walk_in.person == survivor
    assert sorted(row.language for row in survivor.languages.all()) == ["ar", "de"]
    assert survivor.residence_history.count() == 1
    assert not DuplicatePair.objects.filter(pk=pair.pk).exists()
    # explained in the history of each case, and audited with both records as they were
    for case in (kept_case, moved_case):
        event = CaseEvent.objects.get(case=case, kind=CaseEventKind.MERGED)
        assert "Fatma Alhasan" in event.note
    merged = AuditEvent.objects.get(event_type=EventType.PERSONS_MERGED)
    assert merged.context["merged_record"]["family_name"] == "Alhasan"
    assert merged.changes["phone"] == ["", "0203 4711"]
    assert merged.context["merged_person"] == str(fatma.pk)
    assert merged.context["sources"] == ["abh:A-7"]
    assert merged.context["taken"] == ["phone"]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_merge_form_offers_the_value_that_knows_more(world):
    """A gender over "not stated" (which is shown as a value), a date to the day over a
    year; what both know alike goes with the record A."""
    fatma = world["fatma"]
    Person.objects.filter(pk=fatma.pk).update(gender="female")
    Person.objects.filter(pk=world["fatima"].pk).update(birth_date_precision="year")
    pair = _pair(world)
    form = _client(world["manager"]).get(f"/duplicates/{pair.pk}/").context["form"]
    fatma_side = "first" if pair.first_id == fatma.pk else "second"
    assert form.fields["use_gender"].initial == fatma_side
    assert form.fields["use_birth_date"].initial == fatma_side
    assert form.fields["use_phone"].initial == fatma_side  # only she has one


def test_review_queue_merges_from_the_page(world):
    pair = _pair(world)
    client = _client(world["manager"])
    with translation.override("de"):
        listing = client.get("/duplicates/")
    assert listing.status_code == 200
    assert "gleiches Geburtsdatum" in listing.content.decode()
    detail = client.get(f"/duplicates/{pair.pk}/")
    assert detail.status_code == 200
    assert "فاطمة الحسن" in detail.content.decode()
    assert 'id="id_keep_0"' in detail.content.decode()  # radio buttons with their own ids
    viewed = AuditEvent.objects.filter(event_type=EventType.PERSON_VIEWED)
    assert {event.target_id for event in viewed} == {str(pair.first_id), str(pair.second_id)}
    keep = "first" if pair.first == world["fatima"] else "second"
    other = "second" if keep == "first" else "first"
    response = client.post(
        f"/duplicates/{pair.pk}/merge/",
        {
            "first_version": pair.first.version,
            "second_version": pair.second.version,
            "keep": keep,
            "use_given_name": keep,
            "use_family_name": keep,
            "use_phone": other,
            "use_name_original": other,
            "use_household": keep,
        },
    )
    assert response.status_code == 302
    survivor = Person.objects.get()
    assert survivor == world["fatima"]
    assert (survivor.phone, survivor.name_original) == ("0203 4711", "فاطمة الحسن")
    assert survivor.household is not None


def test_review_queue_rejects_and_scopes(world):
    pair = _pair(world)
    stranger = make_user(Role.CASE_MANAGER)
    assert _client(stranger).get(f"/duplicates/{pair.pk}/").status_code == 404
    assert _client(stranger).post(f"/duplicates/{pair.pk}/reject/").status_code == 404
    response = _client(world["manager"]).post(f"/duplicates/{pair.pk}/reject/")
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (PairStatus.REJECTED, world["manager"])
    assert _client(world["manager"]).get(f"/duplicates/{pair.pk}/").status_code == 404


def test_administrator_starts_the_detection_and_sees_only_how_many(world):
    administrator = make_user(Role.ADMINISTRATOR, world["municipality"])
    client = _client(administrator)
    assert client.post("/duplicates/detect/").status_code == 302
    page = client.get("/duplicates/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Alhasan" not in content
    assert "Fatima" not in content
    assert page.context["waiting"] == {PairStatus.OPEN: 1, PairStatus.CONFIRMED: 0}
    pair = DuplicatePair.objects.get()
    assert client.get(f"/duplicates/{pair.pk}/").status_code == 404
    partner = make_user(Role.PARTNER_STAFF, world["municipality"])
    assert _client(partner).get("/duplicates/").status_code == 403


def test_merge_keeps_the_other_names_and_the_search_still_finds_them(world):
    manager, municipality = world["manager"], world["municipality"]
    popa = services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Maria",
        family_name="Popa",
        birth_date=dt.date(1984, 5, 2),
    )
    ionescu = services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Maria",
        family_name="Ionescu",
        name_original="Мария Йонеску",
        other_names="Maria Jonescu",
        birth_date=dt.date(1984, 5, 2),
    )
    services.merge_persons(acting_user=manager, survivor=popa, other=ionescu)
    popa.refresh_from_db()
    assert popa.other_names == "Maria Jonescu; Maria Ionescu; Мария Йонеску"
    for typed in ("Ionescu", "Maria Ionescu", "Йонеску"):
        found = queries.search_persons(manager, typed)
        assert [hit.person for hit in found] == [popa], typed
    assert queries.search_persons(manager, "Popa")[0].person == popa
    # The other names are edited like any field, audited, and the search follows.
    services.update_person(
        acting_user=manager, person=popa, expected_version=popa.version, other_names=""
    )
    assert queries.search_persons(manager, "Ionescu") == []
    event = AuditEvent.objects.filter(event_type=EventType.PERSON_UPDATED).latest("id")
    assert event.changes["other_names"][1] == ""


def test_merge_keeps_the_survivors_replaced_name_as_another_name(world):
    manager, fatima, fatma = world["manager"], world["fatima"], world["fatma"]
    services.merge_persons(
        acting_user=manager,
        survivor=fatima,
        other=fatma,
        take_from_other=["given_name", "family_name", "name_original"],
    )
    fatima.refresh_from_db()
    # Fatma Alhasan's names were taken over: the replaced one is "also known as".
    assert (fatima.given_name, fatima.family_name) == ("Fatma", "Alhasan")
    assert fatima.other_names == "Fatima Al-Hassan"


# --- An import compares its new rows only with the persons near them -------------------------

GIVEN = ["Fatima", "Fatma", "Ion", "Ioan", "Mohammed", "Muhammad", "Ana", "Anna", "Olena", "Ahmad"]
FAMILY = ["Al-Hassan", "Alhasan", "Popescu", "Popesku", "Ivanov", "Ivanoff", "Schewtschenko"]


def _varied(count, seed):
    """Persons as an import file's rows: namesakes, spellings, swapped names, dates to the
    day, month or year or none, some with an address."""
    rng = random.Random(seed)  # noqa: S311  (test data)
    rows = []
    for n in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        if rng.random() < 0.1:
            given, family = family, given
        year, month, day = rng.randint(1960, 1964), rng.randint(1, 3), rng.randint(1, 4)
        birth = rng.choice(
            [f"{year}-{month:02d}-{day:02d}"] * 3 + [f"{year}-{month:02d}", f"{year}", ""]
        )
        address = rng.choice(["", f"Weg {rng.randint(1, 3)};4705{rng.randint(1, 2)};Duisburg"])
        address = address or ";;"
        rows.append(f"s{seed};{n};{given};{family};;{birth};;;{address};")
    return rows


@pytest.mark.django_db
def test_the_persons_near_new_records_give_the_same_pairs_as_all_persons():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    header = ";".join(imports.COLUMNS)
    known_file = "\n".join([header, *_varied(300, seed=1)]).encode()
    report = imports.import_persons(
        acting_user=manager, municipality=municipality, filename="k.csv", data=known_file
    )
    assert report.ok
    new_file = "\n".join([header, *_varied(120, seed=2)]).encode()
    incoming, _report = imports.check_file("n.csv", new_file)
    new = [imports._record(row) for row in incoming]

    all_pks, everyone = loading.load_records(municipality.pk)
    loaded = loading.load_near(municipality.pk, new)
    near_pks, near, share = loaded.pks, list(loaded.records), loaded.share
    assert share == duplicates.name_shares(everyone + new)
    # The weights are estimated for the whole municipality's size.
    assert loaded.population == len(everyone) + len(new)
    calibration = calibrate_records(near + new, population=loaded.population)
    assert calibration.midpoint == calibrate_records(everyone + new).midpoint

    def found(pks, known):
        records = known + new
        detection = duplicates.find_pairs(
            records,
            only_with=set(range(len(known), len(records))),
            share=share,
            calibration=calibration,
        )
        ids = [str(pk) for pk in pks] + [f"new {n}" for n in range(len(new))]
        return detection, sorted(
            (ids[c.first], ids[c.second], c.evidence) for c in detection.candidates
        )

    everyone_detection, from_everyone = found(all_pks, everyone)
    near_detection, from_near = found(near_pks, near)
    assert len(from_everyone) > 20  # pairs among the new rows and with known persons
    assert any(not first.startswith("new") for first, _second, _evidence in from_everyone)
    assert from_near == from_everyone
    assert near_detection.compared == everyone_detection.compared
    # and as before: all records scored, the pairs with a new record kept
    detection = duplicates.find_pairs(everyone + new, calibration=calibration)
    ids = [str(pk) for pk in all_pks] + [f"new {n}" for n in range(len(new))]
    assert from_everyone == sorted(
        (ids[c.first], ids[c.second], c.evidence)
        for c in detection.candidates
        if c.second >= len(everyone)
    )


def imported_municipality(persons: int, seed: int):
    """A case manager's municipality with ``persons`` imported persons (``_varied``)."""
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    header = ";".join(imports.COLUMNS)
    report = imports.import_persons(
        acting_user=manager,
        municipality=municipality,
        filename="k.csv",
        data="\n".join([header, *_varied(persons, seed=seed)]).encode(),
    )
    assert report.created == persons
    return municipality


@pytest.mark.django_db
def test_the_persons_read_for_the_matcher_come_with_their_ids():
    """The ids are read as text and given back as the persons' UUIDs, on either database
    (SQLite keeps them without dashes)."""
    municipality = imported_municipality(40, seed=3)
    pks, records = loading.load_records(municipality.pk)
    persons = {
        person.pk: person
        for person in Person.objects.filter(municipality=municipality).select_related("household")
    }
    assert len(pks) == len(records) == len(persons) == 40
    assert sorted(pks) == sorted(persons)  # each a UUID, as the persons' own
    assert pks[1:3] == [pks[1], pks[2]]
    for pk, record in zip(pks, records, strict=True):
        person = persons[pk]
        assert (record.given, record.family, record.birth_date) == (
            person.given_key,
            person.family_key,
            person.birth_date,
        )
    with pytest.raises(IndexError):
        pks[40]
