from django.urls import path

from lotse.web.views import staff

app_name = "web"

urlpatterns = [
    path("home/", staff.home, name="home"),
    path("organisations/", staff.organisation_list, name="organisation_list"),
    path("sites/", staff.site_list, name="site_list"),
    path("sites/<uuid:pk>/", staff.site_detail, name="site_detail"),
    path("audit/", staff.audit_log, name="audit_log"),
]
