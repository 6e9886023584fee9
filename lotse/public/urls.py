from django.urls import path

from lotse.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("kommune/<slug:slug>/beratungsstellen/", views.support_centres, name="support_centres"),
    path("kommune/<slug:slug>/angebote/", views.finder_start, name="finder_start"),
    path("kommune/<slug:slug>/angebote/<str:lang>/", views.finder, name="finder"),
    path(
        "kommune/<slug:slug>/angebote/<str:lang>/<uuid:pk>/",
        views.finder_service,
        name="finder_service",
    ),
]
