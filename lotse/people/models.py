"""The people counselled: persons, households, and the histories of their status."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lotse.core.catalogues import Gender, InsuranceStatus, Language, LanguageLevel, ResidenceStatus
from lotse.core.concurrency import VersionedModel
from lotse.people.enums import DatePrecision, ImportStatus, LifeStage, PairStatus
from lotse.people.matching import describe
from lotse.people.names import name_key, skeleton_words
from lotse.people.validators import NAME_MAX

# Life stages by age in years (upper bounds exclusive); see docs/decisions/0008-people.md.
LIFE_STAGE_BOUNDS = (
    (6, LifeStage.KITA),
    (16, LifeStage.SCHOOL),
    (27, LifeStage.YOUNG_ADULT),
    (67, LifeStage.WORKING_AGE),
)


def person_skeleton(given: str, family: str, original: str = "", other_names: str = "") -> str:
    """The skeleton words of all of a person's names, as stored in ``name_skeleton``."""
    return skeleton_words(given, family, original, *other_names.split(";"))[:800]


class Household(VersionedModel):
    """People who live together; a case may be opened for the household."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="households"
    )
    name = models.CharField(_("household name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(VersionedModel):
    """A person counselled. Birth date and arrival may be known only in part."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the indexes below begin with the municipality.
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="persons", db_index=False
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    given_name = models.CharField(_("given name"), max_length=NAME_MAX)
    family_name = models.CharField(_("family name"), max_length=NAME_MAX)
    name_original = models.CharField(
        _("name in original script"),
        max_length=300,
        blank=True,
        help_text=_("As written in the person's documents, e.g. in Arabic or Cyrillic script."),
    )
    # Indexed together with the municipality (Meta.indexes): every lookup names it.
    given_key = models.CharField(max_length=150, editable=False)
    family_key = models.CharField(max_length=150, editable=False)
    # Consonant skeletons of every name word, original script included (people.names).
    # Other names and spellings the person is known by, e.g. those of a merged record:
    # the search finds the person by them too (they are part of the skeleton).
    other_names = models.CharField(
        _("also known as"),
        max_length=300,
        blank=True,
        help_text=_("Other names or spellings, separated by semicolons."),
    )
    name_skeleton = models.CharField(max_length=800, editable=False, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )
    nationality = CountryField(_("nationality"), blank=True)
    country_of_origin = CountryField(_("country of origin"), blank=True)
    arrival_date = models.DateField(_("arrival in Germany"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=8, choices=Language.choices, blank=True
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name"]
        indexes = [
            # The search takes a name's persons (of a year) from this index alone.
            models.Index(
                fields=["municipality", "family_key", "given_key", "name_skeleton", "birth_date"],
                name="person_name_birth",
            ),
            models.Index(fields=["municipality", "birth_date"], name="person_birth"),
            # A given name alone (a one-word search, the persons near an import's rows); a
            # family name alone takes person_name_birth.
            models.Index(fields=["municipality", "given_key"], name="person_given"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.given_key = name_key(self.given_name)
        self.family_key = name_key(self.family_name)
        self.name_skeleton = person_skeleton(
            self.given_name, self.family_name, self.name_original, self.other_names
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = dt.date.today()  # noqa: DTZ011  (a calendar date, not a moment)
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = _("The date of birth lies in the future.")
        if self.arrival_date and self.arrival_date > today:
            errors["arrival_date"] = _("The arrival date lies in the future.")
        if self.birth_date and self.arrival_date and self.arrival_date < self.birth_date:
            errors["arrival_date"] = _("The arrival date lies before the date of birth.")
        if self.interpreter_language and not self.interpreter_needed:
            errors["interpreter_language"] = _("Tick 'interpreter needed' to name a language.")
        if errors:
            raise ValidationError(errors)

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years; a partly known date counts from mid-month or mid-year."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        if self.birth_date_precision == DatePrecision.YEAR:
            born = dt.date(born.year, 7, 1)
        elif self.birth_date_precision == DatePrecision.MONTH:
            born = dt.date(born.year, born.month, 15)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def life_stage(self) -> LifeStage:
        age = self.age_on(dt.date.today())  # noqa: DTZ011
        if age is None:
            return LifeStage.UNKNOWN
        for bound, stage in LIFE_STAGE_BOUNDS:
            if age < bound:
                return stage
        return LifeStage.SENIOR

    @property
    def birth_date_display(self) -> str:
        if self.birth_date is None:
            return ""
        formats: dict[str, str] = {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%m.%Y"}
        return self.birth_date.strftime(formats.get(self.birth_date_precision, "%d.%m.%Y"))


class PersonName(models.Model):
    """A distinct name among a municipality's persons (keys and skeleton) and how many persons
    bear it. The name search looks for matching names here, a few thousand rows where the
    persons may be a million namesakes, and then takes the persons of the best names by
    their keys. Kept by database triggers on the person table (migration 0007), so that
    every write counts, bulk inserts included; a name no one bears any more stays at 0."""

    # No index of its own: person_name_once begins with the municipality.
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    given_key = models.CharField(max_length=150)
    family_key = models.CharField(max_length=150)
    name_skeleton = models.CharField(max_length=800, blank=True)
    persons = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "family_key", "given_key", "name_skeleton"],
                name="person_name_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_key} {self.family_key}"


class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    level = models.CharField(_("level"), max_length=8, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} ({self.get_level_display()})"


class StatusRecord(models.Model):
    """A period of a status; the open record (no end) is the current one."""

    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-valid_from", "-recorded_at"]

    def clean(self) -> None:
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end lies before the start.")})


class ResidenceStatusRecord(StatusRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residence_history")
    status = models.CharField(_("residence status"), max_length=30, choices=ResidenceStatus.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=100, blank=True, help_text=_("E.g. § 25 Abs. 2 AufenthG")
    )

    class Meta(StatusRecord.Meta):
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ResidenceStatus.values), name="residence_status_known"
            )
        ]

    def __str__(self) -> str:
        return str(self.get_status_display())

    @property
    def details(self) -> str:
        return self.legal_basis


class InsuranceStatusRecord(StatusRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="insurance_history")
    status = models.CharField(
        _("health-insurance status"), max_length=20, choices=InsuranceStatus.choices
    )
    insurer = models.CharField(_("insurer"), max_length=150, blank=True)

    class Meta(StatusRecord.Meta):
        verbose_name = _("health-insurance status")
        verbose_name_plural = _("health-insurance statuses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=InsuranceStatus.values),
                name="insurance_status_known",
            )
        ]

    def __str__(self) -> str:
        return str(self.get_status_display())

    @property
    def details(self) -> str:
        return self.insurer


class PersonSource(models.Model):
    """The id of a person in another system (e.g. an import from the Jobcenter's software).
    A person may have several: a merge keeps the ids of both records."""

    # No index of its own: person_source_once begins with the municipality.
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(_("source system"), max_length=50)
    external_id = models.CharField(_("id in the source system"), max_length=100)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A digest of each of the person's values the source's record gave at its last import
    # (``import_known.digests``): an import takes over what the source changed since.
    imported = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("source id")
        verbose_name_plural = _("source ids")
        ordering = ["source", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source", "external_id"], name="person_source_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class DuplicatePair(models.Model):
    """Two persons who may be one, found by the bulk detection or an import, and what a
    reviewer decided: not the same (rejected, never proposed again), or the same
    (confirmed by a coordinator, waiting for a case manager to merge it)."""

    # No index of their own: pair_queue begins with the municipality, duplicate_pair_once
    # with the first person.
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    evidence = models.JSONField(_("evidence"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN
    )
    found_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "found_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=PairStatus.values), name="duplicate_status_known"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "-score"], name="pair_queue")]

    def __str__(self) -> str:
        return f"{self.first_id} / {self.second_id}"

    @property
    def reason(self) -> str:
        return describe(list(self.evidence))


class _PersonImportManager(models.Manager["PersonImport"]):
    """Leaves the stored file out of every query: the pages poll the job while it runs."""

    def get_queryset(self) -> models.QuerySet[PersonImport]:
        return super().get_queryset().defer("upload")


class PersonImport(models.Model):
    """An import of persons started from the web: its state, progress and report. The file
    is kept on the row only until the background task has run (decision 0017)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    report = models.JSONField(default=dict)
    errors = models.JSONField(default=list)  # [[row, column, message], …], the first 1,000
    # The language of the page the file was sent from: the worker writes the report's
    # messages in it (empty: the site's language).
    language = models.CharField(max_length=10, blank=True, default="")
    # Checked and matched only, nothing saved (the command's --dry-run).
    dry_run = models.BooleanField(_("check only"), default=False)
    # Progress of a running import, written by the worker so that every web process sees it.
    phase = models.CharField(max_length=10, blank=True, default="")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # The uploaded file, until the worker has read it: personal data, emptied when the run ends.
    upload = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = _PersonImportManager()

    class Meta:
        verbose_name = _("import of persons")
        verbose_name_plural = _("imports of persons")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)
