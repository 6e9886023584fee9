"""Factories for the test suite. They build through the services where one exists."""

import io

import factory
from factory.django import DjangoModelFactory
from PIL import Image

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.accounts.models import User
from lotse.tenancy.enums import OrganisationKind
from lotse.tenancy.models import Municipality, Organisation, Site

PASSWORD = "correct horse battery staple"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kommune-{n}")
    name = factory.Sequence(lambda n: f"Stadt Beispiel {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.WELFARE_ASSOCIATION


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    name = factory.Sequence(lambda n: f"Standort {n}")
    street = "Musterstraße 1"
    postcode = "47051"
    city = "Duisburg"
    district = "Altstadt"
    is_support_centre = True


def make_user(
    role: Role,
    municipality: Municipality | None = None,
    *,
    username: str | None = None,
    organisation: Organisation | None = None,
) -> User:
    """A staff user with a membership, created through the account service."""
    if role != Role.STATE_REVIEWER:
        municipality = municipality or MunicipalityFactory()
        organisation = organisation or OrganisationFactory(municipality=municipality)
    else:
        municipality = None
        organisation = None
    return account_services.create_staff_user(
        acting_user=None,
        username=username or f"{role.value}.{User.objects.count() + 1}",
        role=role,
        municipality=municipality,
        organisation=organisation,
        password=PASSWORD,
    )


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    """A small, real PNG image (for scan uploads)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()
