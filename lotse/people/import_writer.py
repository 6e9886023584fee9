"""Writing an import's plan (``imports``): the new persons in parts, each queued for a
second thread (``bulk.Background``) as soon as it is prepared, and the rest (links, pairs
for review, updates) once the plan is complete; every write audited."""

from __future__ import annotations

import functools
import itertools
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import F
from django.utils import timezone

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.core import bulk
from lotse.core.catalogues import Gender
from lotse.people import duplicates, import_known, matching
from lotse.people.import_rows import PERSON_VALUES, Incoming, Progress
from lotse.people.models import DuplicatePair, Household, Person, PersonSource, person_skeleton
from lotse.people.names import name_key

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.people.imports import Rows
    from lotse.tenancy.models import Municipality

# Many rows of a file share a name: its skeletons are made once.
_skeleton = functools.lru_cache(maxsize=100_000)(person_skeleton)


def shown(evidence: matching.Evidence) -> float:
    """The score as the queue keeps and shows it."""
    return round(evidence.score, 4)


PART = 2000  # rows written by one COPY of persons


class Writer:
    """Writes an import's plan, the persons to create in one or more parts (``create``)
    and the rest once the plan is complete (``finish``). The new rows are written in a
    second thread (``bulk.Background``) while the next are prepared; a context manager
    that waits for them. Its progress counts the persons written of the new rows, in all
    parts together."""

    def __init__(
        self,
        acting_user: User | None,
        municipality: Municipality,
        rows: Rows,
        progress: Progress | None,
    ) -> None:
        self.acting_user = acting_user
        self.municipality = municipality
        self.plan = rows.plan
        # The matcher's record of each new row (by id of the row): its name and street keys.
        self.records = {id(row): record for row, record in zip(rows.fresh, rows.new, strict=True)}
        self.progress = progress
        self.expected = len(rows.fresh)  # at most this many persons are created
        self.now = timezone.now()
        self.households: dict[tuple[object, ...], dict[str, Any]] = {}
        self.created: dict[int, Any] = {}  # the pk of each row's new person, by id of the row
        self.background = bulk.Background()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.background.finish()

    def create(self, rows: Iterable[Incoming]) -> None:
        """New persons for ``rows``, in new households or those of earlier rows, with their
        source ids and an audit entry each. Written in parts, each queued for the second
        thread as soon as it is prepared (and its rows are known: ``rows`` may still be
        being worked out)."""
        written = len(self.created)  # in the parts before
        persons: list[dict[str, Any]] = []
        created: list[Incoming] = []
        remaining = iter(rows)
        while part_rows := list(itertools.islice(remaining, PART)):
            households: list[dict[str, Any]] = []
            part = [self._person(row, households) for row in part_rows]
            self.background.insert(Household, households)
            self.background.insert(Person, part)
            if self.progress is not None:
                self.progress("writing", written + len(created), self.expected)
            persons.extend(part)
            created.extend(part_rows)
        self._sources([(row, self.created[id(row)]) for row in created])
        # Their foreign keys checked now (not at the commit), while the audit entries are
        # prepared.
        self.background.check_constraints()
        self._audit(EventType.PERSON_CREATED, [(p["id"], None, _audited(p)) for p in persons])

    def _person(self, row: Incoming, households: list[dict[str, Any]]) -> dict[str, Any]:
        """The new person of ``row``, in the household ``_home`` gives a row with an
        address (a new one added to ``households``)."""
        record = self.records[id(row)]
        household_id = None
        if row.has_address:
            household_id = self._home(row, record.family, households)
        person_id = self.created[id(row)] = uuid.uuid4()
        fields = row.fields
        return {
            "id": person_id,
            "municipality_id": self.municipality.pk,
            "household_id": household_id,
            "given_key": record.given,
            "family_key": record.family,
            "name_skeleton": _skeleton(
                fields["given_name"], fields["family_name"], fields["name_original"]
            ),
            **fields,
        }

    def _home(self, row: Incoming, family_key: str, new: list[dict[str, Any]]) -> Any:
        """The id of the household of ``row`` (which has an address): that of an earlier row
        of this import with the same family name at the same street, postcode and city, or a
        new one (added to ``new``). Without a street, a postcode or city alone is no home to
        share: the row gets a household of its own."""
        key = _home_key(row, family_key) or (id(row),)
        household = self.households.get(key)
        if household is None:
            household = self.households[key] = {
                "id": uuid.uuid4(),
                "municipality_id": self.municipality.pk,
                "name": row.fields["family_name"],
                "street": row.street,
                "postcode": row.postcode,
                "city": row.city,
            }
            new.append(household)
        return household["id"]

    def finish(self) -> None:
        """The persons of the plan not created yet, the source ids of the linked rows, the
        pairs for review and the updates."""
        plan = self.plan
        self.create([row for row in plan.create if id(row) not in self.created])
        linked = [(row, self._pk(other)) for row, other in plan.link]
        self._sources(linked)
        # Each linked person's trail shows the source id it gained (a link found wrong later
        # is traced to its import).
        self._audit(
            EventType.PERSON_UPDATED,
            [(pk, None, {"source_id": f"{row.source}:{row.external_id}"}) for row, pk in linked],
        )
        # Each pair holds a person created here: no pair of the queue can be the same.
        pairs: dict[tuple[Any, Any], dict[str, Any]] = {}
        for row, other, evidence in plan.review:
            first, second = duplicates.ordered(self.created[id(row)], self._pk(other))
            pairs[(first, second)] = {
                "municipality_id": self.municipality.pk,
                "first_id": first,
                "second_id": second,
                "score": shown(evidence),
                "evidence": evidence.codes,
            }
        self.background.insert(DuplicatePair, list(pairs.values()))
        self.background.finish()  # the updates below use the connection here
        if self.progress is not None:
            self.progress("writing", self.expected, self.expected)
        for person_id, changes in plan.update:
            keys = {}
            if {"given_name", "family_name", "name_original"} & set(changes):
                # The plan holds the person's names after the update: no read needed.
                names = plan.names[person_id]
                keys = {
                    "given_key": name_key(names["given_name"]),
                    "family_key": name_key(names["family_name"]),
                    "name_skeleton": person_skeleton(
                        names["given_name"],
                        names["family_name"],
                        names["name_original"],
                        names["other_names"],
                    ),
                }
            Person.objects.filter(pk=person_id).update(
                **changes, **keys, version=F("version") + 1, updated_at=self.now
            )
        self._audit(EventType.PERSON_UPDATED, [(pk, None, after) for pk, after in plan.update])
        PersonSource.objects.bulk_update(plan.sources, ["imported"], batch_size=PART)
        self._move(plan.moves)
        self._fill(linked)

    def _move(self, moves: list[tuple[Any, Incoming]]) -> None:
        """The persons whose source now gives another address. Where every member of a
        household moves to the same address, the household's address changes (its district
        is no longer known); otherwise each moves into the household ``_home`` gives the
        row, shared with relatives moving there and new rows of the family."""
        persons = dict(
            Person.objects.filter(pk__in=[pk for pk, _row in moves]).values_list(
                "pk", "household_id"
            )
        )
        homes = Household.objects.filter(pk__in={h for h in persons.values() if h is not None})
        households: dict[Any, Household] = {home.pk: home for home in homes}
        size = Counter(
            Person.objects.filter(household_id__in=list(households)).values_list(
                "household_id", flat=True
            )
        )
        leaving: dict[Any, list[tuple[Any, Incoming]]] = {}
        for pk, row in moves:  # not those at the address already (``import_known.updates``)
            home = households.get(persons.get(pk))
            if home is not None and import_known.same_place(
                (home.street, home.postcode, home.city), row
            ):
                continue  # a case manager wrote it since the file was checked
            leaving.setdefault(home.pk if home is not None else pk, []).append((pk, row))
        changed: list[tuple[Household, dict[str, Any]]] = []
        new: list[dict[str, Any]] = []
        moved: list[tuple[Any, Any]] = []  # (person, new household)
        for key, movers in leaving.items():
            home = households.get(key)
            places = {import_known.place(row) for _pk, row in movers}
            if home is not None and len(movers) == size[home.pk] and len(places) == 1:
                row = movers[0][1]
                address = {"street": row.street, "postcode": row.postcode, "city": row.city}
                changed.append((home, {**address, "district": ""}))
                continue
            for pk, row in movers:
                moved.append((pk, self._home(row, name_key(row.fields["family_name"]), new)))
        bulk.insert(Household, new)
        self._moved_homes(changed)
        Person.objects.bulk_update(
            [
                Person(pk=pk, household_id=home, version=F("version") + 1, updated_at=self.now)
                for pk, home in moved
            ],
            ["household_id", "version", "updated_at"],
            batch_size=PART,
        )
        self._audit(
            EventType.PERSON_UPDATED,
            [(pk, {"household": persons.get(pk)}, {"household": home}) for pk, home in moved],
        )

    def _moved_homes(self, changed: list[tuple[Household, dict[str, Any]]]) -> None:
        """The households whose members all moved: their new addresses, audited."""
        for home, address in changed:
            for name, value in address.items():
                setattr(home, name, value)
            home.version = F("version") + 1
            home.updated_at = self.now
        fields = ["street", "postcode", "city", "district", "version", "updated_at"]
        Household.objects.bulk_update([home for home, _address in changed], fields)
        audit.record_changes(
            EventType.HOUSEHOLD_UPDATED,
            actor=self.acting_user,
            municipality=self.municipality,
            model=Household,
            changes=[(home.pk, None, address) for home, address in changed],
            context={"import": "file"},
            occurred_at=self.now,
        )

    def _fill(self, linked: list[tuple[Incoming, Any]]) -> None:
        """What the linked rows bring that their persons lack: the name in its script, a
        nationality, a gender, a phone number, an address (the household ``_home`` gives
        the row). So a link loses nothing; a value the person has stays as a case manager
        or an earlier source wrote it (the first row of a person with a value gives it)."""
        rows: dict[Any, list[Incoming]] = {}
        for row, pk in linked:
            rows.setdefault(pk, []).append(row)
        persons = Person.objects.filter(pk__in=list(rows)).only(*FILLED_FROM, "household_id")
        households: list[dict[str, Any]] = []
        filled: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
        for person in persons.iterator(chunk_size=PART):
            changes: dict[str, Any] = {}
            for row in rows[person.pk]:
                for name, value in _lacking(person, row.fields).items():
                    changes.setdefault(name, value)
                homeless = person.household_id is None and "household_id" not in changes
                if homeless and row.has_address:
                    family = name_key(person.family_name)
                    changes["household_id"] = self._home(row, family, households)
            if changes:
                filled.append((person, changes, _keys(person, changes)))
        bulk.insert(Household, households)
        # One statement per set of fields filled (most links fill the same few).
        alike: dict[frozenset[str], list[Person]] = {}
        for person, changes, keys in filled:
            values = {**changes, **keys}
            alike.setdefault(frozenset(values), []).append(
                Person(pk=person.pk, **values, version=F("version") + 1, updated_at=self.now)
            )
        for names, persons_alike in alike.items():
            fields = [*names, "version", "updated_at"]
            Person.objects.bulk_update(persons_alike, fields, batch_size=PART)
        self._audit(
            EventType.PERSON_UPDATED,
            [(person.pk, None, _audited_fill(changes)) for person, changes, _keys in filled],
        )

    def _pk(self, other: Any) -> Any:
        """The pk of a known person, or of the person created for an earlier row."""
        return self.created[id(other)] if isinstance(other, Incoming) else other

    def _sources(self, owners: list[tuple[Incoming, Any]]) -> None:
        self.background.insert(
            PersonSource,
            [
                {
                    "municipality_id": self.municipality.pk,
                    "person_id": person_id,
                    "source": row.source,
                    "external_id": row.external_id,
                    "imported": import_known.digests(row),
                }
                for row, person_id in owners
            ],
        )

    def _audit(self, event_type: EventType, entries: list[tuple[Any, Any, Any]]) -> None:
        audit.record_changes(
            event_type,
            actor=self.acting_user,
            municipality=self.municipality,
            model=Person,
            changes=entries,
            context={"import": "file"},
            occurred_at=self.now,
            writer=self.background,
        )


def _home_key(row: Incoming, family_key: str) -> tuple[str, ...] | None:
    """Rows of one family name at one street, postcode and city share a household; without
    a street, none (``Writer._home``)."""
    return (family_key, *import_known.place(row)) if row.street else None


# The person's values a linked row may fill (``Writer._fill``), and what its skeleton needs.
FILLED_FROM = (
    *("given_name", "family_name", "other_names"),
    *("name_original", "gender", "nationality", "phone"),
)


def _lacking(person: Person, values: dict[str, Any]) -> dict[str, Any]:
    """The values of a row its person lacks (empty, or the gender not stated)."""
    lacking = {
        name: values[name]
        for name in ("name_original", "phone")
        if values[name] and not getattr(person, name)
    }
    if values["nationality"] and not person.nationality:
        lacking["nationality"] = values["nationality"]
    if values["gender"] != Gender.NOT_STATED and person.gender == Gender.NOT_STATED:
        lacking["gender"] = values["gender"]
    return lacking


def _keys(person: Person, changes: dict[str, Any]) -> dict[str, Any]:
    """The person's skeleton again where the name in its script is filled."""
    if "name_original" not in changes:
        return {}
    return {
        "name_skeleton": person_skeleton(
            person.given_name, person.family_name, changes["name_original"], person.other_names
        )
    }


def _audited_fill(changes: dict[str, Any]) -> dict[str, Any]:
    """The filled values as the audit names them (the household as ``household``)."""
    return {
        ("household" if name == "household_id" else name): value for name, value in changes.items()
    }


def _audited(person: dict[str, Any]) -> dict[str, Any]:
    """What the audit entry of a created person holds: its household and the values the
    import sets, as ``audit.snapshot`` gives them for the saved person."""
    return {
        "household": person["household_id"],
        **{name: person[name] for name in PERSON_VALUES},
    }
