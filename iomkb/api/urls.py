from django.urls import path, re_path

from . import data, schema, views
from .types import public_types

app_name = "api"


def item_urls():
    for model, segment in public_types():
        list_view, detail_view = views.item_views(model)
        kind = model.content_kind
        yield path(f"api/v1/{segment}/", list_view, name=f"{kind}-list")
        yield path(f"api/v1/{segment}/<slug:slug>/", detail_view, name=f"{kind}-detail")


urlpatterns = [
    path("api/v1/", views.RootView.as_view(), name="root"),
    *item_urls(),
    path("api/v1/themes/", views.ThemeListView.as_view(), name="theme-list"),
    path("api/v1/themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("api/v1/citations/", views.CitationListView.as_view(), name="citation-list"),
    path(
        "api/v1/citations/<slug:key>/", views.CitationDetailView.as_view(), name="citation-detail"
    ),
    path(
        "api/v1/source-documents/",
        views.SourceDocumentListView.as_view(),
        name="source-document-list",
    ),
    path(
        "api/v1/source-documents/<slug:slug>/",
        views.SourceDocumentDetailView.as_view(),
        name="source-document-detail",
    ),
    path("api/v1/search/", views.SearchView.as_view(), name="search"),
    path("api/v1/schema/", schema.SchemaView.as_view(), name="schema"),
    path("api/v1/docs/", schema.docs_view, name="docs"),
    re_path(r"^api/", views.NotFoundView.as_view(), name="not-found"),
    path("data/", data.data_page, name="data"),
    path("data/iomkb-content.<str:fmt>", data.download, name="data-file"),
]
