from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("sections.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("source/", views.source_view, name="source"),
    path("source/<slug:slug>/", views.source_view, name="source_document"),
    path("search/", include("iomkb.search.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
