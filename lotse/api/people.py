"""API operations for persons and households; the same services and queries as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from lotse.api.audited import AuditedPage, listed
from lotse.api.common import (
    CONFLICTS,
    ERRORS,
    ConflictOut,
    Day,
    acting_user,
    checked,
    municipality_of,
    require,
)
from lotse.core.catalogues import Gender, InsuranceStatus, ResidenceStatus
from lotse.people import pair_review, queries, services
from lotse.people.enums import DatePrecision
from lotse.people.forms import PARTIAL_DATE_INVALID, parse_partial_date
from lotse.people.validators import clean_birth_date, clean_name

router = Router(tags=["people"])


class LanguageOut(Schema):
    language: str
    level: str


class StatusOut(Schema):
    status: str
    valid_from: Day
    valid_until: Day | None


class PersonOut(Schema):
    id: uuid.UUID
    version: int
    household_id: uuid.UUID | None
    given_name: str
    family_name: str
    name_original: str
    other_names: str
    birth_date: Day | None
    birth_date_precision: str
    life_stage: str
    gender: str
    nationality: str
    country_of_origin: str
    arrival_date: Day | None
    interpreter_needed: bool

    @staticmethod
    def resolve_nationality(obj: Any) -> str:
        return obj.nationality.code or ""

    @staticmethod
    def resolve_country_of_origin(obj: Any) -> str:
        return obj.country_of_origin.code or ""

    @staticmethod
    def resolve_life_stage(obj: Any) -> str:
        return str(obj.life_stage.value)


class PersonDetailOut(PersonOut):
    phone: str
    email: str
    languages: list[LanguageOut]
    residence_history: list[StatusOut]
    insurance_history: list[StatusOut]
    sources: list[str] = Field(
        ..., description="The person's ids in other systems as source:id, e.g. jobcenter:J-1"
    )

    @staticmethod
    def resolve_sources(obj: Any) -> list[str]:
        return [str(source) for source in obj.sources.all()]

    @staticmethod
    def resolve_languages(obj: Any) -> list[Any]:
        return list(obj.languages.all())

    @staticmethod
    def resolve_residence_history(obj: Any) -> list[Any]:
        return list(obj.residence_history.all())

    @staticmethod
    def resolve_insurance_history(obj: Any) -> list[Any]:
        return list(obj.insurance_history.all())


class PersonIn(Schema):
    given_name: str
    family_name: str
    household_id: uuid.UUID | None = None
    name_original: str = ""
    other_names: str = ""
    birth_date: Day | None = None
    birth_date_precision: DatePrecision = DatePrecision.DAY
    gender: Gender = Gender.NOT_STATED
    nationality: str = ""
    country_of_origin: str = ""
    arrival_date: Day | None = None
    phone: str = ""
    email: str = ""
    interpreter_needed: bool = False
    residence_status: ResidenceStatus | None = None
    insurance_status: InsuranceStatus | None = None
    confirm_new: bool = Field(
        False, description="None of the possible duplicates answered before: create anyway"
    )

    @field_validator("given_name", "family_name")
    @classmethod
    def _name(cls, value: str) -> str:
        """The names as the intake form takes them (a blank or letterless name is 422)."""
        return checked(clean_name, value)

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: dt.date | None) -> dt.date | None:
        """A date of birth the intake form refuses (before 1900) is 422."""
        return value if value is None else checked(clean_birth_date, value)


class PersonPatch(Schema):
    version: int
    given_name: str | None = None
    family_name: str | None = None
    name_original: str | None = None
    other_names: str | None = None
    birth_date: Day | None = None
    birth_date_precision: DatePrecision | None = None
    gender: Gender | None = None
    nationality: str | None = None
    country_of_origin: str | None = None
    arrival_date: Day | None = None
    phone: str | None = None
    email: str | None = None
    interpreter_needed: bool | None = None
    confirm_new: bool = Field(
        False, description="None of the possible duplicates answered before: a different person"
    )

    @field_validator("given_name", "family_name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        """The names as the edit form takes them (a blank or letterless name is 422)."""
        return value if value is None else checked(clean_name, value)

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: dt.date | None) -> dt.date | None:
        """A date of birth the edit form refuses (before 1900) is 422."""
        return value if value is None else checked(clean_birth_date, value)


class HouseholdOut(Schema):
    id: uuid.UUID
    version: int
    name: str
    street: str
    postcode: str
    city: str
    district: str
    member_ids: list[uuid.UUID]

    @staticmethod
    def resolve_member_ids(obj: Any) -> list[Any]:
        return [member.pk for member in obj.members.all()]


class HouseholdIn(Schema):
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""


@router.get("/persons", response={200: list[PersonOut], **ERRORS})
@paginate(AuditedPage, shown=lambda person: (person.pk,), listing="list")
def list_persons(request: HttpRequest) -> Any:
    """Persons of the user's municipality (case managers and clearing counsellors)."""
    require(request, "people.list_person")
    return queries.persons_for(request.user).order_by("family_name", "given_name", "id")


class SearchIn(Schema):
    text: str = Field(..., min_length=1, max_length=200)
    birth_date: str = Field(
        "", description="Narrows to persons born that year: YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY"
    )
    limit: int = Field(50, ge=1, le=200)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        """Spaces alone are no name to look for (422), as the search form says."""
        if not value.strip():
            raise PydanticCustomError("required", str(_("This field is required.")))
        return value

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: str) -> str:
        """A date the search form would refuse is malformed input (422), not a refusal."""
        if value and parse_partial_date(value) is None:
            raise PydanticCustomError("date", str(PARTIAL_DATE_INVALID))
        return value


class FoundOut(Schema):
    person: PersonOut
    score: float = Field(..., description="0 to 1, best first")
    evidence: list[str] = Field(
        ..., description="Codes such as name:spelling, name:typo, birth:date, birth:swapped"
    )
    reason: str = Field(..., description="The evidence in the user's language")


@router.post("/persons/search", response={200: list[FoundOut], **ERRORS})
def search_persons(request: HttpRequest, payload: SearchIn) -> Any:
    """Up to `limit` persons whose names match every word of `text` in any spelling or script,
    with typos, best first, each with the evidence. A POST, so that names stay out of URLs
    and access logs."""
    require(request, "people.list_person")
    birth = parse_partial_date(payload.birth_date) if payload.birth_date else None  # checked
    found = queries.search_persons(
        request.user,
        payload.text,
        birth_date=birth[0] if birth else None,
        birth_date_precision=birth[1] if birth else "day",
        limit=payload.limit,
    )
    listed(request, (hit.person.pk for hit in found), "search")
    return [_found(hit.person, hit.score, hit.codes, hit.reason) for hit in found]


def _found(person: Any, score: float, codes: Sequence[str], reason: str) -> dict[str, Any]:
    """A person found (``FoundOut``): by the search, or as a possible duplicate."""
    return {"person": person, "score": round(score, 3), "evidence": list(codes), "reason": reason}


@router.get("/persons/{person_id}", response={200: PersonDetailOut, **ERRORS})
def get_person(request: HttpRequest, person_id: uuid.UUID) -> Any:
    """One person, with languages and status histories. The read is audited."""
    person = queries.get_person_for(request.user, person_id)
    services.record_person_viewed(acting_user=acting_user(request), person=person, context="api")
    return person


class DuplicatesOut(ConflictOut):
    """Persons who may be this one (confirm with `confirmed`), or the record changed
    meanwhile (`fields`)."""

    possible_duplicates: list[FoundOut] = Field(
        [], description="Persons who may be this one, best first; empty for a stale version"
    )


PERSON_WRITE_ERRORS: dict[int, Any] = {**CONFLICTS, 409: DuplicatesOut}


@router.post("/persons", response={201: PersonDetailOut, **PERSON_WRITE_ERRORS})
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    """Create a person. Where persons of the municipality may be the same person (the
    warning of the intake form), nothing is created and the answer is 409 with them; send
    `confirm_new: true` to create the person anyway."""
    require(request, "people.add_person")
    data = payload.dict()
    household_id = data.pop("household_id")
    confirmed = data.pop("confirm_new")
    household = queries.get_household_for(request.user, household_id) if household_id else None
    if not confirmed and (matches := queries.possible_duplicates_of(request.user, data)):
        return Status(409, _duplicates(request, matches))
    person = services.create_person(
        acting_user=acting_user(request),
        municipality=municipality_of(request),
        household=household,
        **data,
    )
    return Status(201, queries.get_person_for(request.user, person.pk))


@router.patch("/persons/{person_id}", response={200: PersonDetailOut, **PERSON_WRITE_ERRORS})
def update_person(request: HttpRequest, person_id: uuid.UUID, payload: PersonPatch) -> Any:
    """Change a person; send the version you read. A stale version answers 409. Where a
    changed name or date of birth makes the person like others of the municipality (the
    warning of the edit form), nothing is saved and the answer is 409 with them; send
    `confirm_new: true` to save anyway."""
    person = queries.get_person_for(request.user, person_id)
    require(request, "people.change_person", person)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    confirmed = changes.pop("confirm_new", False)
    if not confirmed and (
        matches := queries.possible_duplicates_of(request.user, changes, person=person)
    ):
        return Status(409, _duplicates(request, matches))
    services.update_person(
        acting_user=acting_user(request), person=person, expected_version=version, **changes
    )
    return queries.get_person_for(request.user, person_id)


def _duplicates(request: HttpRequest, matches: list[queries.PossibleMatch]) -> dict[str, Any]:
    listed(request, (match.person.pk for match in matches), "warning")
    return {
        "detail": _(
            "Persons of the municipality may be this person. Check them; if none is, send"
            " confirm_new: true."
        ),
        "possible_duplicates": [
            _found(match.person, match.score, match.evidence.codes, match.reason)
            for match in matches
        ],
    }


@router.get("/households", response={200: list[HouseholdOut], **ERRORS})
@paginate(
    AuditedPage,
    shown=lambda household: [member.pk for member in household.members.all()],
    listing="households",
)
def list_households(request: HttpRequest) -> Any:
    """Households of the user's municipality."""
    require(request, "people.list_person")
    return queries.households_for(request.user).prefetch_related("members").order_by("name", "id")


@router.get("/households/{household_id}", response={200: HouseholdOut, **ERRORS})
def get_household(request: HttpRequest, household_id: uuid.UUID) -> Any:
    """One household with its members (audited as a list of them)."""
    household = queries.get_household_for(request.user, household_id)
    listed(request, (member.pk for member in household.members.all()), "household")
    return household


@router.post("/households", response={201: HouseholdOut, **ERRORS})
def create_household(request: HttpRequest, payload: HouseholdIn) -> Any:
    """Create a household."""
    require(request, "people.add_person")
    household = services.create_household(
        acting_user=acting_user(request), municipality=municipality_of(request), **payload.dict()
    )
    return Status(201, queries.get_household_for(request.user, household.pk))


class PairPersonOut(Schema):
    id: uuid.UUID
    version: int
    given_name: str
    family_name: str
    birth_date: Day | None
    birth_date_precision: str
    sources: list[str]

    @staticmethod
    def resolve_sources(obj: Any) -> list[str]:
        return [str(source) for source in obj.sources.all()]


class PairOut(Schema):
    id: int
    first: PairPersonOut
    second: PairPersonOut
    score: float = Field(..., description="0 to 1")
    evidence: list[str] = Field(..., description="Codes such as name:spelling, birth:date")
    reason: str
    status: str = Field(
        ...,
        description="open (to be checked), confirmed (the same person, to be merged), "
        "rejected (two persons)",
    )


class DetectionOut(Schema):
    persons: int
    compared: int
    found: int
    new: int


class MergeIn(Schema):
    keep: uuid.UUID = Field(..., description="The id of the person whose record is kept")
    take_from_other: list[str] = Field(
        default_factory=list,
        description="Fields whose value comes from the other record, e.g. phone, birth_date",
    )
    first_version: int = Field(..., description="The `version` of the pair's `first` as read")
    second_version: int = Field(..., description="The `version` of the pair's `second` as read")


@router.get("/duplicates", response={200: list[PairOut], **ERRORS})
@paginate(AuditedPage, shown=lambda pair: (pair.first_id, pair.second_id), listing="duplicates")
def list_duplicates(request: HttpRequest) -> Any:
    """Pairs of possible duplicates of the user's municipality still to be decided, best
    first: open ones and those confirmed as the same person, waiting to be merged (case
    managers, clearing counsellors and coordinators)."""
    require(request, "people.review_duplicates")
    return queries.duplicate_pairs_for(request.user).prefetch_related(
        "first__sources", "second__sources"
    )


@router.post("/duplicates/detect", response={200: DetectionOut, **ERRORS})
def detect_duplicates(request: HttpRequest) -> Any:
    """Look for duplicates now; new pairs join the queue (rejected ones never return)."""
    require(request, "people.detect_duplicates")
    summary = services.detect_duplicates(
        acting_user=acting_user(request), municipality=municipality_of(request)
    )
    return asdict(summary)


@router.post("/duplicates/{pair_id}/reject", response={200: PairOut, **ERRORS})
def reject_duplicate(request: HttpRequest, pair_id: int) -> Any:
    """Two different persons: the pair is never proposed again (also one confirmed before)."""
    pair = queries.get_pair_for(request.user, pair_id)
    return pair_review.reject_pair(acting_user=acting_user(request), pair=pair)


@router.post("/duplicates/{pair_id}/confirm", response={200: PairOut, **ERRORS})
def confirm_duplicate(request: HttpRequest, pair_id: int) -> Any:
    """The same person (coordinators): the pair waits for a case manager to merge it."""
    pair = queries.get_pair_for(request.user, pair_id)
    require(request, "people.confirm_duplicate")
    return pair_review.confirm_pair(acting_user=acting_user(request), pair=pair)


@router.post("/duplicates/{pair_id}/merge", response={200: PersonDetailOut, **CONFLICTS})
def merge_duplicate(request: HttpRequest, pair_id: int, payload: MergeIn) -> Any:
    """Merge the pair into the record `keep`; everything of the other record moves over.
    Send the versions of both persons as read (`first_version`, `second_version`): a record
    changed since answers 409 and nothing is merged."""
    pair = queries.get_pair_for(request.user, pair_id)
    require(request, "people.merge_person", pair.first)
    persons = {pair.first.pk: pair.first, pair.second.pk: pair.second}
    if payload.keep not in persons:
        raise ValidationError({"keep": _("Name one of the two persons of the pair.")})
    unknown = set(payload.take_from_other) - set(services.MERGE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                "take_from_other": _("Unknown fields: %(fields)s")
                % {"fields": ", ".join(sorted(unknown))}
            }
        )
    versions = {pair.first.pk: payload.first_version, pair.second.pk: payload.second_version}
    survivor = persons.pop(payload.keep)
    [other] = persons.values()
    take = set(payload.take_from_other)
    if "birth_date" in take:
        take.add("birth_date_precision")
    services.merge_persons(
        acting_user=acting_user(request),
        survivor=survivor,
        other=other,
        take_from_other=take,
        expected_versions=(versions[survivor.pk], versions[other.pk]),
    )
    return queries.get_person_for(request.user, survivor.pk)
