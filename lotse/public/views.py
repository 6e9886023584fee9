"""Public pages: no login, no personal data. The service finder also sets no cookie: its
language is part of the address, so a page can be shared in the language it was read in."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation

from lotse.core.catalogues import Language, LifeDomain
from lotse.directory import queries as directory
from lotse.directory.enums import TargetGroup
from lotse.tenancy import queries
from lotse.tenancy.hours import hours_status
from lotse.tenancy.models import Municipality


def index(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.order_by("name")
    return render(request, "public/index.html", {"municipalities": municipalities})


def support_centres(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = queries.public_municipality(slug)
    now = timezone.now()
    centres = [
        (site, hours_status(site, now=now)) for site in queries.public_support_centres(municipality)
    ]
    local_now = timezone.localtime(now, municipality.zone)
    return render(
        request,
        "public/support_centres.html",
        {"municipality": municipality, "centres": centres, "now": local_now},
    )


# The finder's languages, each named in itself; the picker shows them on the first screen.
FINDER_LANGUAGES = (
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
)
FINDER_CODES = tuple(code for code, _name in FINDER_LANGUAGES)
FINDER_PAGE_SIZE = 20
FILTER_PARAMETERS = ("domain", "language", "district", "age", "group", "open", "q")


def finder_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the visitor to the finder in the first of their browser's languages we have."""
    municipality = queries.public_municipality(slug)
    chosen = "de"
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in FINDER_CODES:
            chosen = code
            break
    return redirect("public:finder", slug=municipality.slug, lang=chosen)


def _finder_context(request: HttpRequest, lang: str) -> dict[str, Any]:
    return {
        "finder_languages": FINDER_LANGUAGES,
        "lang": lang,
        "params": {key: request.GET.get(key, "")[:100] for key in FILTER_PARAMETERS},
    }


def finder(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    if lang not in FINDER_CODES:
        raise Http404
    municipality = queries.public_municipality(slug)
    context = _finder_context(request, lang)
    params = context["params"]
    query = directory.FinderQuery(
        life_domain=params["domain"],
        language=params["language"],
        district=params["district"],
        age=params["age"].strip(),
        target_group=params["group"],
        open=params["open"],
        text=params["q"].strip(),
    )
    now = timezone.now()
    with translation.override(lang):
        ids = directory.find_service_ids(municipality, query, language=lang, now=now)
        page = Paginator(ids, FINDER_PAGE_SIZE).get_page(request.GET.get("page"))
        found = directory.found_services(
            municipality, list(page.object_list), language=lang, now=now
        )
        without_page = request.GET.copy()
        without_page.pop("page", None)
        context.update(
            {
                "municipality": municipality,
                "found": found,
                "page": page,
                "count": len(ids),
                "filters_query": without_page.urlencode(),
                "filtered": any(params.values()),
                "domains": LifeDomain.choices,
                "languages": Language.choices,
                "groups": TargetGroup.choices,
                "districts": directory.public_districts(municipality),
                "now": timezone.localtime(now, municipality.zone),
                "query_string": request.GET.urlencode(),
            }
        )
        return render(request, "public/finder.html", context)


def finder_service(request: HttpRequest, slug: str, lang: str, pk: str) -> HttpResponse:
    if lang not in FINDER_CODES:
        raise Http404
    municipality = queries.public_municipality(slug)
    service = directory.get_public_service(municipality, pk)
    now = timezone.now()
    context = _finder_context(request, lang)
    with translation.override(lang):
        name, description = service.text_in(lang)
        sites = [(site, hours_status(site, now=now)) for site in service.sites.all()]
        context.update(
            {
                "municipality": municipality,
                "service": service,
                "name": name,
                "description": description,
                "sites": sites,
                "now": timezone.localtime(now, municipality.zone),
            }
        )
        return render(request, "public/finder_service.html", context)
