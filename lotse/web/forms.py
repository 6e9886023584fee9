from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lotse.accounts import throttle


class LoginForm(AuthenticationForm):
    """Django's sign-in form, throttled per (username, address) and per address."""

    error_messages = {
        "invalid_login": _(
            "The username or the password is wrong. Please check both and try again."
        ),
        "inactive": _("This account is disabled. Please contact your administrator."),
        "throttled": _(
            "Too many failed sign-ins. For your protection, sign-in with this name from "
            "this device is paused for %(minutes)s minutes."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.throttled = False
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        # No autofocus: screen-reader users should meet the page from its start.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else "unknown"
        if throttle.is_throttled(username, address):
            self.throttled = True
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": throttle.window_minutes()},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.register_failure(username, address)
            raise
