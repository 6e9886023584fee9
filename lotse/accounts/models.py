"""People who work with Lotse, their role in a municipality, and their API tokens."""

import hashlib
import secrets
import uuid
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.accounts.enums import Role

TOKEN_PREFIX = "lotse_"  # noqa: S105  (a public prefix that makes leaked tokens recognisable)


class User(AbstractUser):
    """A staff user. Role and municipality come from the user's membership."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def membership_or_none(self) -> "Membership | None":
        try:
            return self.membership
        except Membership.DoesNotExist:
            return None

    @property
    def role(self) -> str | None:
        membership = self.membership_or_none
        return membership.role if membership else None

    @property
    def municipality_id_or_none(self) -> uuid.UUID | None:
        membership = self.membership_or_none
        return membership.municipality_id if membership else None


class Membership(models.Model):
    """Where and as what a user works: municipality, organisation, role, and site.

    One membership per user for now (a person working for two municipalities gets two
    accounts, which keeps tenants strictly apart); see docs/decisions/0003-tenancy.md.
    """

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership"
    )
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    site = models.ForeignKey(
        "tenancy.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Share of a full-time position, e.g. 0.5 for half time."),
    )

    may_override_consent = models.BooleanField(
        _("may refer without consent in an emergency"),
        default=False,
        help_text=_("Every use needs a written reason and is flagged to the coordinators."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
            # The state reviewer belongs to no municipality; everybody else to exactly one.
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.STATE_REVIEWER, municipality__isnull=True)
                    | (~models.Q(role=Role.STATE_REVIEWER) & models.Q(municipality__isnull=False))
                ),
                name="membership_municipality_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("last characters"), max_length=4)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.hint})"
