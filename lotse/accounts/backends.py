"""Authentication backend: Django's, with the membership loaded in the same query."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from lotse.accounts.models import User


class MembershipModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User.objects.select_related(
                "membership__municipality", "membership__organisation", "membership__site"
            ).get(pk=user_id)
        except (User.DoesNotExist, ValueError):
            return None
        return user if self.user_can_authenticate(user) else None

    # Permissions come from roles through `rules`, never from Django's per-user or group
    # permission tables; answering here saves two queries on every request.
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
