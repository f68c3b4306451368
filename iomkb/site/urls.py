from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import UpdatesFeed
from .sitemaps import sitemaps
from .versions import version_urls

# No namespace: these names ("home", "theme_detail", ...) predate the split into this app.
urlpatterns = [
    path("", views.home, name="home"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("source/", views.source_view, name="source"),
    path("source/<slug:slug>/", views.source_view, name="source_document"),
    path(
        "source/<slug:slug>/changes/<slug:kind>/<slug:item>/",
        views.source_changes,
        name="source_changes",
    ),
    path("feeds/updates/", UpdatesFeed(), name="feed_updates"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    *version_urls(),
]
