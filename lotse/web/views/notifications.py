"""The user's notifications (the bell in the header)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lotse.notifications import services
from lotse.notifications.models import Notification
from lotse.web.views.common import require, staff_user


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    require(request, "notifications.view_notification")
    notifications = Notification.objects.filter(recipient=staff_user(request)).select_related(
        "referral__case", "referral__organisation"
    )[:100]
    return render(request, "web/notifications.html", {"notifications": notifications})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    require(request, "notifications.view_notification")
    services.mark_all_read(acting_user=staff_user(request))
    return redirect("web:notifications")
