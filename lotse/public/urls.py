from django.urls import path

from lotse.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("kommune/<slug:slug>/beratungsstellen/", views.support_centres, name="support_centres"),
]
