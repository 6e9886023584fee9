import datetime as dt
import uuid

from ninja import Schema


class MeOut(Schema):
    username: str
    role: str
    municipality: str | None
    organisation: str | None


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    short_name: str
    kind: str
    website: str
    email: str
    phone: str


class HoursOut(Schema):
    kind: str
    weekday: int
    opens: dt.time
    closes: dt.time


class SiteOut(Schema):
    id: uuid.UUID
    name: str
    organisation_id: uuid.UUID
    is_support_centre: bool
    street: str
    postcode: str
    city: str
    district: str
    phone_numbers: list[str]
    email: str
    hours: list[HoursOut]

    @staticmethod
    def resolve_hours(obj: object) -> list[object]:
        return list(obj.hours.all())  # type: ignore[attr-defined]
