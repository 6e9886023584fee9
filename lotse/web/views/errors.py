"""Error pages in the user's language; none of them shows internal detail."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.template import loader

from lotse.core.errors import NotFound


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = exception.user_message if isinstance(exception, NotFound) else None
    body = loader.render_to_string("404.html", {"message": message}, request)
    return HttpResponseNotFound(body)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    too_big = isinstance(exception, RequestDataTooBig)
    body = loader.render_to_string("400.html", {"too_big": too_big}, request)
    return HttpResponseBadRequest(body)
