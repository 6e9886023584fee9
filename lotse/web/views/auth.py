"""Sign-in and sign-out."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpResponse

from lotse.accounts import throttle
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.reset(form.get_user().get_username(), throttle.client_address(self.request))
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            with transaction.atomic():
                audit.record(
                    EventType.LOGIN_THROTTLED,
                    actor=None,
                    context={
                        "username": (form.cleaned_data.get("username") or "")[:150],
                        "address": throttle.client_address(self.request),
                    },
                )
            response.status_code = 429
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["hide_navigation"] = True
        return context


class LogoutView(auth_views.LogoutView):
    pass
