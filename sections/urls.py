from django.urls import path

from . import views

app_name = "sections"

urlpatterns = [
    path("sections/", views.SectionListView.as_view(), name="list"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="detail"),
    path("legal-frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path(
        "legal-frameworks/<slug:slug>/",
        views.FrameworkDetailView.as_view(),
        name="framework_detail",
    ),
]
