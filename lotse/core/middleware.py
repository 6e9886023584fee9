"""Middleware shared by all parts of Lotse."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivateCacheMiddleware:
    """Keep pages of signed-in users and API answers out of every cache.

    Social data must not linger in a shared proxy or the browser's back-forward cache, so
    every response to an authenticated request (session or API token) is ``no-store``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        if authenticated or request.headers.get("Authorization") or getattr(request, "auth", None):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
