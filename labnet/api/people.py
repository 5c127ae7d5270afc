"""API v1 of the people domain: views and their routes (included by labnet/api/urls.py)."""

urlpatterns = []
