"""API v1 of the trainings domain: views and their routes (included by labnet/api/urls.py)."""

urlpatterns = []
