"""API v1 of the resources domain: views and their routes (included by labnet/api/urls.py)."""

urlpatterns = []
