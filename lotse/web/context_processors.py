"""Navigation by role: only what the user may open is shown."""

from functools import partial
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotse.notifications.services import unread_count

# (url name, label, permission); the order is the order in the navigation bar.
NAVIGATION = [
    ("web:home", _("Overview"), "web.view_home"),
    ("web:case_list", _("Cases"), "cases.list_case"),
    ("web:clearing_list", _("Clearing cases"), "clearing.list_clearingcase"),
    ("web:person_list", _("Persons"), "people.list_person"),
    ("web:duplicate_list", _("Duplicates"), "people.detect_duplicates"),
    ("web:person_import", _("Import persons"), "people.import_person"),
    ("web:structural_issues", _("Structural issues"), "cases.view_structuralissue"),
    ("web:site_list", _("Sites"), "tenancy.list_directory"),
    ("web:organisation_list", _("Organisations"), "tenancy.list_directory"),
    ("web:inbox", _("Referrals to us"), "referrals.view_inbox"),
    ("web:service_list", _("Services"), "directory.list_service"),
    ("web:dashboard", _("Figures"), "reports.view_dashboard"),
    ("web:funding", _("Funding"), "reports.view_funding"),
    ("web:analysis", _("Gaps and overlaps"), "directory.view_analysis"),
    ("web:state_overview", _("State figures"), "reports.view_state_figures"),
    ("web:state_file", _("State report"), "reports.write_state_report"),
    ("web:clearing_statistics", _("Clearing statistics"), "clearing.view_statistics"),
    ("web:audit_log", _("Audit trail"), "audit.view_auditevent"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label, permission in NAVIGATION
        if user.has_perm(permission)
    ]
    unread = (
        partial(unread_count, user) if user.has_perm("notifications.view_notification") else None
    )
    # A callable: the count is only queried when a page shows the bell.
    return {"navigation": items, "unread_notifications": unread}
