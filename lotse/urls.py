from django.urls import include, path

from lotse.api.api import api
from lotse.web.views import auth

urlpatterns = [
    path("", include("lotse.public.urls")),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lotse.web.urls")),
    path("api/v1/", api.urls),
]

handler404 = "lotse.web.views.errors.page_not_found"
handler400 = "lotse.web.views.errors.bad_request"
