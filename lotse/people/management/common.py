"""What the people commands share."""

from django.core.management.base import CommandError

from lotse.tenancy.models import Municipality


def municipality_by_slug(slug: str) -> Municipality:
    """The municipality a command works on, or a clear error naming the slug."""
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise CommandError(f"No municipality with the slug {slug!r}.") from exc
