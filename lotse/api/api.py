"""The JSON API under /api/v1/. It calls the same queries and permissions as the pages."""

import uuid
from http.client import responses
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.schema import NinjaGenerateJsonSchema
from ninja.types import DictStrAny

from lotse.api import cases as case_operations
from lotse.api import casework as casework_operations
from lotse.api import clearing as clearing_operations
from lotse.api import directory as directory_operations
from lotse.api import people as people_operations
from lotse.api import referrals as referral_operations
from lotse.api import reports as report_operations
from lotse.api import walkins as walk_in_operations
from lotse.api.auth import BearerToken
from lotse.api.common import ERRORS, InvalidOut, in_users_language, require
from lotse.api.schemas import MeOut, OrganisationOut, SiteOut
from lotse.core.concurrency import ConflictError
from lotse.people.services import MergeConflictError
from lotse.tenancy import queries as tenancy_queries


class LotseAPI(NinjaAPI):
    """The API whose OpenAPI document also declares the 422 answer of ``invalid``."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        self._declare_invalid_input(schema)
        return schema

    def _declare_invalid_input(self, schema: OpenAPISchema) -> None:
        """Any value an operation takes (path, query or body) is validated, and a malformed
        one is answered 422 by ``invalid``, which no operation names in its ``response``: the
        document declares the answer on every operation that takes a value, and on no other
        (``/me`` takes none)."""
        definition = InvalidOut.model_json_schema(
            ref_template=REF_TEMPLATE,
            schema_generator=NinjaGenerateJsonSchema,
            mode="serialization",
        )
        components = schema["components"]["schemas"]
        components.update(definition.pop("$defs", {}))
        components[InvalidOut.__name__] = definition
        answer = {
            "description": responses[422],
            "content": {
                self.renderer.media_type: {
                    "schema": {"$ref": REF_TEMPLATE.format(model=InvalidOut.__name__)}
                }
            },
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("parameters") or operation.get("requestBody"):
                    operation["responses"][422] = answer


api = LotseAPI(
    title="Lotse API",
    version="1",
    description="Case management for Kommunales Integrationsmanagement. "
    "Authenticate with a personal token: `Authorization: Bearer <token>` "
    "(created with `lotse create-api-token USERNAME`).",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=BearerToken(),
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("A valid API token is required. Send it as 'Authorization: Bearer <token>'.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="lotse"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Your role does not allow this request.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DjangoValidationError)
def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "errors": errors}, status=400
    )


@api.exception_handler(MergeConflictError)
def merge_conflict(request: HttpRequest, exc: MergeConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(ConflictError)
def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": exc.message, "fields": [c.field for c in exc.conflicts]},
        status=409,
    )


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": _("The request is not valid."),
            "errors": [in_users_language(error) for error in exc.errors],
        },
        status=422,
    )


@api.get("/me", response={200: MeOut, **ERRORS}, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The user the token belongs to, with role and municipality."""
    require(request, "accounts.use_api")
    membership = request.user.membership  # type: ignore[union-attr]
    return {
        "username": request.user.get_username(),
        "role": membership.role,
        "municipality": membership.municipality.slug if membership.municipality else None,
        "organisation": membership.organisation.name if membership.organisation else None,
    }


@api.get("/organisations", response={200: list[OrganisationOut], **ERRORS}, tags=["tenancy"])
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest) -> Any:
    """Organisations of the user's municipality."""
    require(request, "tenancy.list_directory")
    return tenancy_queries.organisations_for(request.user)


@api.get(
    "/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS}, tags=["tenancy"]
)
def get_organisation(request: HttpRequest, organisation_id: uuid.UUID) -> Any:
    """One organisation of the user's municipality."""
    return tenancy_queries.get_organisation_for(request.user, organisation_id)


@api.get("/sites", response={200: list[SiteOut], **ERRORS}, tags=["tenancy"])
@paginate(LimitOffsetPagination)
def list_sites(request: HttpRequest) -> Any:
    """Sites of the user's municipality, with their weekly hours."""
    require(request, "tenancy.list_directory")
    return tenancy_queries.sites_for(request.user)


@api.get("/sites/{site_id}", response={200: SiteOut, **ERRORS}, tags=["tenancy"])
def get_site(request: HttpRequest, site_id: uuid.UUID) -> Any:
    """One site of the user's municipality."""
    return tenancy_queries.get_site_for(request.user, site_id)


api.add_router("/", people_operations.router)
api.add_router("/", case_operations.router)
api.add_router("/", casework_operations.router)
api.add_router("/", walk_in_operations.router)
api.add_router("/", referral_operations.router)
api.add_router("/", directory_operations.public_router)
api.add_router("/", directory_operations.router)
api.add_router("/", report_operations.router)
api.add_router("/", clearing_operations.router)
