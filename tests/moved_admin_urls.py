"""The admin mounted somewhere other than /admin/ (for the login limit's test)."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("staff/", admin.site.urls)]
