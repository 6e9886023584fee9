from django.urls import path

from lotse.web.views import (
    cases,
    casework,
    clearing,
    consents,
    directory,
    duplicates,
    issues,
    notifications,
    people,
    person_imports,
    referrals,
    reports,
    staff,
    state,
    walkins,
)

app_name = "web"

urlpatterns = [
    path("home/", staff.home, name="home"),
    path("organisations/", staff.organisation_list, name="organisation_list"),
    path("sites/", staff.site_list, name="site_list"),
    path("sites/<uuid:pk>/", staff.site_detail, name="site_detail"),
    path("audit/", staff.audit_log, name="audit_log"),
]

urlpatterns += [
    path("persons/", people.person_list, name="person_list"),
    path("persons/import/", person_imports.person_import, name="person_import"),
    path(
        "persons/import/<uuid:pk>/",
        person_imports.person_import_detail,
        name="person_import_detail",
    ),
    path(
        "persons/import/<uuid:pk>/status/",
        person_imports.person_import_status,
        name="person_import_status",
    ),
    path(
        "persons/import/<uuid:pk>/errors.<str:fmt>",
        person_imports.person_import_errors,
        name="person_import_errors",
    ),
    path("duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("duplicates/detect/", duplicates.duplicate_detect, name="duplicate_detect"),
    path("duplicates/<int:pk>/", duplicates.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:pk>/merge/", duplicates.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:pk>/reject/", duplicates.duplicate_reject, name="duplicate_reject"),
    path("duplicates/<int:pk>/confirm/", duplicates.duplicate_confirm, name="duplicate_confirm"),
    path("persons/new/", people.person_create, name="person_create"),
    path("persons/<uuid:pk>/", people.person_detail, name="person_detail"),
    path("persons/<uuid:pk>/edit/", people.person_edit, name="person_edit"),
    path("persons/<uuid:pk>/residence/", people.residence_status_add, name="residence_status_add"),
    path("persons/<uuid:pk>/insurance/", people.insurance_status_add, name="insurance_status_add"),
    path("households/new/", people.household_create, name="household_create"),
    path("households/<uuid:pk>/", people.household_detail, name="household_detail"),
    path("sites/<uuid:pk>/walk-ins/", walkins.queue, name="walk_ins"),
    path("sites/<uuid:pk>/walk-ins/register/", walkins.register, name="walk_in_register"),
    path("sites/<uuid:pk>/walk-ins/call/", walkins.call, name="walk_in_call"),
    path("sites/<uuid:pk>/walk-ins/<int:walk_in_id>/left/", walkins.left, name="walk_in_left"),
    path("structural-issues/", issues.issue_list, name="structural_issues"),
    path(
        "structural-issues/<int:issue_id>/toggle/",
        issues.issue_toggle,
        name="structural_issue_toggle",
    ),
    path("cases/<uuid:pk>/issues/", issues.case_tag, name="case_issue_tag"),
    path(
        "cases/<uuid:pk>/issues/<int:issue_id>/remove/", issues.case_untag, name="case_issue_untag"
    ),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_open, name="case_open"),
    path("cases/<uuid:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:pk>/phase/", cases.case_phase, name="case_phase"),
    path("cases/<uuid:pk>/pause/", cases.case_pause, name="case_pause"),
    path("cases/<uuid:pk>/transfer/", cases.case_transfer, name="case_transfer"),
    path("cases/<uuid:pk>/assessment/", casework.assessment, name="case_assessment"),
    path("cases/<uuid:pk>/plan/", casework.plan, name="case_plan"),
    path("cases/<uuid:pk>/plan/print/", casework.plan_print, name="case_plan_print"),
    path("cases/<uuid:pk>/goals/<int:goal_id>/status/", casework.goal_status, name="goal_status"),
    path("cases/<uuid:pk>/goals/<int:goal_id>/measures/", casework.measure_add, name="measure_add"),
    path(
        "cases/<uuid:pk>/measures/<int:measure_id>/done/",
        casework.measure_done,
        name="measure_done",
    ),
    path("cases/<uuid:pk>/contacts/", casework.contact_add, name="contact_add"),
    path("cases/<uuid:pk>/follow-ups/", casework.follow_up_add, name="follow_up_add"),
    path(
        "cases/<uuid:pk>/follow-ups/<int:follow_up_id>/done/",
        casework.follow_up_done,
        name="follow_up_done",
    ),
]

urlpatterns += [
    path("persons/<uuid:pk>/consents/new/", consents.consent_create, name="consent_create"),
    path("consents/<uuid:pk>/", consents.consent_detail, name="consent_detail"),
    path("consents/<uuid:pk>/withdraw/", consents.consent_withdraw, name="consent_withdraw"),
    path("consents/<uuid:pk>/scan/", consents.consent_scan, name="consent_scan"),
    path("consents/<uuid:pk>/form/", consents.consent_print, name="consent_print"),
    path("cases/<uuid:pk>/referrals/new/", referrals.referral_create, name="referral_create"),
    path("referrals/<uuid:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<uuid:pk>/move/", referrals.referral_move, name="referral_move"),
    path("inbox/", referrals.inbox, name="inbox"),
    path("inbox/export.<str:file_format>", referrals.inbox_export, name="inbox_export"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
]

urlpatterns += [
    path("services/", directory.service_list, name="service_list"),
    path("services/new/", directory.service_create, name="service_create"),
    path("services/import/", directory.service_import, name="service_import"),
    path("services/export.<str:fmt>", directory.service_export, name="service_export"),
    path("services/<uuid:pk>/", directory.service_edit, name="service_edit"),
    path("landscape/", directory.analysis, name="analysis"),
    path("landscape/<str:table>.<str:fmt>", directory.analysis_export, name="analysis_export"),
]

urlpatterns += [
    path("reports/dashboard/", reports.dashboard, name="dashboard"),
    path(
        "reports/dashboard/<str:name>.<str:fmt>", reports.dashboard_export, name="dashboard_export"
    ),
    path("reports/funding/", reports.funding, name="funding"),
    path("reports/funding/print/", reports.funding_print, name="funding_print"),
    path("reports/funding/<str:name>.<str:fmt>", reports.funding_export, name="funding_export"),
]

# The anonymised state report: the state reviewer's pages, the coordinators' own file.
urlpatterns += [
    path("state/", state.overview, name="state_overview"),
    path("state/upload/", state.upload, name="state_upload"),
    path("state/<str:period>/", state.figures, name="state_figures"),
    path("state/<str:period>/<str:table>.<str:fmt>", state.figures_export, name="state_export"),
    path("reports/state-file/", state.state_file, name="state_file"),
]

# Health-insurance clearing.
urlpatterns += [
    path("clearing/", clearing.clearing_list, name="clearing_list"),
    path("clearing/new/", clearing.clearing_open, name="clearing_open"),
    path("clearing/statistics/", clearing.clearing_statistics, name="clearing_statistics"),
    path(
        "clearing/statistics/<str:table>.<str:fmt>",
        clearing.clearing_statistics_export,
        name="clearing_statistics_export",
    ),
    path("clearing/<uuid:pk>/", clearing.clearing_detail, name="clearing_detail"),
    path("clearing/<uuid:pk>/steps/", clearing.clearing_step_add, name="clearing_step_add"),
    path("clearing/<uuid:pk>/close/", clearing.clearing_close, name="clearing_close"),
    path("clearing/<uuid:pk>/edit/", clearing.clearing_edit, name="clearing_edit"),
]
