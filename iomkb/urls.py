from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .feeds import UpdatesFeed
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("sections.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("source/", views.source_view, name="source"),
    path("source/<slug:slug>/", views.source_view, name="source_document"),
    path("feeds/updates/", UpdatesFeed(), name="feed_updates"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("search/", include("iomkb.search.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
