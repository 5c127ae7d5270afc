"""API v1 of the events domain: views and their routes (included by labnet/api/urls.py)."""

urlpatterns = []
