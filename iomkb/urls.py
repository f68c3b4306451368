from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("iomkb.site.urls")),
    path("", include("sections.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("search/", include("iomkb.search.urls")),
    path("", include("iomkb.api.urls")),
    path("admin/", admin.site.urls),
]
