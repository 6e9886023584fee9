"""API authentication with personal tokens: ``Authorization: Bearer <token>``."""

from typing import Any

from django.http import HttpRequest
from ninja.security.http import HttpAuthBase

from lotse.accounts.services import user_for_api_token


class BearerToken(HttpAuthBase):
    """Bearer authentication that never writes the presented token anywhere."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        value = request.headers.get("Authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        user = user_for_api_token(token.strip())
        if user is None:
            return None
        request.user = user
        return user
