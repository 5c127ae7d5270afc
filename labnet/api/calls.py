"""API v1 of the calls domain: views and their routes (included by labnet/api/urls.py)."""

urlpatterns = []
