from django.contrib import admin
from django.urls import include, path

from iomkb.editorial.importpage import import_source_view

urlpatterns = [
    path("", include("iomkb.site.urls")),
    path("", include("sections.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("search/", include("iomkb.search.urls")),
    path("", include("iomkb.api.urls")),
    path("admin/import/", admin.site.admin_view(import_source_view), name="admin_import_source"),
    path("admin/", admin.site.urls),
]

# A refusal in the admin says which role the page needs (iomkb/editorial/denied.py).
handler403 = "iomkb.editorial.denied.permission_denied"
