"""The product's URLs plus the floor: a trivial view through the full middleware, the
fastest page Django can answer on this machine. It lives here, never in config/urls.py,
and comes after the product's routes, so that finding it costs what finding a page costs."""

from django.http import HttpResponse
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as product_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [*product_urlpatterns, path("__floor__/", trivial, name="benchmark_floor")]
