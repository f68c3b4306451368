from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("iomkb.site.urls")),
    path("", include("sections.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("search/", include("iomkb.search.urls")),
    path("admin/", admin.site.urls),
]

# A refusal in the admin says which role the page needs (iomkb/editorial/denied.py).
handler403 = "iomkb.editorial.denied.permission_denied"
