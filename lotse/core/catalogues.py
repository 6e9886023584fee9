"""The fixed lists of the domain, one each, used everywhere (codes in code, labels in the UI)."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LifeDomain(models.TextChoices):
    RESIDENCE = "residence", _("Residence and naturalisation")
    LANGUAGE = "language", _("Language")
    EDUCATION = "education", _("Kita, school, studies")
    WORK = "work", _("Training, work, recognition")
    INCOME = "income", _("Livelihood, benefits, debts")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health and health insurance")
    FAMILY = "family", _("Family, children, family reunion")
    PARTICIPATION = "participation", _("Social participation")
    ORIENTATION = "orientation", _("Orientation and dealing with authorities")


class ResidenceStatus(models.TextChoices):
    EU_FREE_MOVEMENT = "eu_free_movement", _("EU free movement (FreizügG/EU)")
    VISA = "visa", _("Visa (§ 6 AufenthG)")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit (§ 7 AufenthG)")
    EU_BLUE_CARD = "eu_blue_card", _("EU Blue Card (§ 18g AufenthG)")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection (§ 24 AufenthG)")
    SETTLEMENT_PERMIT = "settlement_permit", _("Settlement permit (§ 9 AufenthG)")
    PERMANENT_RESIDENCE_EU = "permanent_residence_eu", _("Permanent residence EU (§ 9a AufenthG)")
    ASYLUM_SEEKER = "asylum_seeker", _("Permission to stay during asylum (§ 55 AsylG)")
    TOLERATION = "toleration", _("Toleration (Duldung, § 60a AufenthG)")
    OPPORTUNITY_RESIDENCE = "opportunity_residence", _("Opportunity residence (§ 104c AufenthG)")
    FICTIONAL_CERTIFICATE = (
        "fictional_certificate",
        _("Fictional certificate (§ 81 (4)/(5) AufenthG)"),
    )
    LATE_REPATRIATE = "late_repatriate", _("Late repatriate (BVFG)")
    NATURALISED = "naturalised", _("German citizen (naturalised)")
    UNCLEAR = "unclear", _("Unclear")


class InsuranceStatus(models.TextChoices):
    STATUTORY = "statutory", _("Statutory health insurance in Germany (GKV)")
    PRIVATE = "private", _("Private health insurance")
    ABROAD = "abroad", _("Insured abroad (EHIC / S1)")
    WELFARE_BODY = "welfare_body", _("Through the social welfare body (§ 264 SGB V)")
    ASYLUM_BENEFITS = "asylum_benefits", _("Asylum seekers' benefits (§§ 4, 6 AsylbLG)")
    NOT_INSURED = "not_insured", _("Not insured")
    UNCLEAR = "unclear", _("Unclear")


class NeedLevel(models.TextChoices):
    NONE = "none", _("No need")
    SOME = "some", _("Some need")
    URGENT = "urgent", _("Urgent need")


class ContactForm(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Home visit")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    WRITTEN = "written", _("Written")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    DIVERSE = "diverse", _("Diverse")
    NOT_STATED = "not_stated", _("Not stated")


class Language(models.TextChoices):
    """Languages of the people counselled (ISO 639 codes)."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ROMANIAN = "ro", _("Romanian")
    BULGARIAN = "bg", _("Bulgarian")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    FARSI = "fa", _("Farsi")
    DARI = "prs", _("Dari")
    PASHTO = "ps", _("Pashto")
    KURMANJI = "kmr", _("Kurdish (Kurmanji)")
    POLISH = "pl", _("Polish")
    ROMANI = "rom", _("Romani")
    SERBIAN = "sr", _("Serbian")
    ALBANIAN = "sq", _("Albanian")
    FRENCH = "fr", _("French")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    OTHER = "other", _("Other language")


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("First language")
    C = "c", _("Proficient (C1/C2)")
    B = "b", _("Independent (B1/B2)")
    A = "a", _("Basic (A1/A2)")
    NONE = "none", _("No knowledge")


class DataCategory(models.TextChoices):
    """What a consent may cover; the same list on the consent form, referrals and summaries."""

    IDENTITY = "identity", pgettext_lazy("data category", "Identity and contact")
    HOUSEHOLD = "household", pgettext_lazy("data category", "Household")
    RESIDENCE = "residence", pgettext_lazy("data category", "Residence status")
    HEALTH = "health", pgettext_lazy("data category", "Health and insurance")
    EDUCATION = "education", pgettext_lazy("data category", "Education")
    WORK = "work", pgettext_lazy("data category", "Work and income")
    FAMILY = "family", pgettext_lazy("data category", "Family")
    PLAN = "plan", pgettext_lazy("data category", "Assessment and plan")
    NOTES = "notes", pgettext_lazy("data category", "Contact notes")


def ordered_categories(codes: "Iterable[str]") -> list[str]:
    """Known data-category codes in the catalogue's order (unknown ones are left out)."""
    chosen = set(codes)
    return [code for code in DataCategory.values if code in chosen]


def category_labels(codes: "Iterable[str]") -> list[str]:
    """The labels of data-category codes, in the catalogue's order."""
    return [str(DataCategory(code).label) for code in ordered_categories(codes)]
