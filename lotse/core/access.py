"""Fetching one object for a user: another municipality's object is a 404 like a missing one."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404


def get_scoped(queryset: QuerySet[Any], user: Any, pk: Any, permission: str) -> Any:
    """The object with ``pk`` from an already scoped queryset, if ``user`` has ``permission``.

    Malformed keys, foreign and missing objects all raise ``Http404``.
    """
    try:
        instance = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if not user.has_perm(permission, instance):
        raise Http404
    return instance


def permitted_municipality_id(user: Any, permission: str) -> Any:
    """The user's municipality if they hold ``permission``, else None (nothing to list)."""
    if not user.has_perm(permission):
        return None
    return user.municipality_id_or_none
