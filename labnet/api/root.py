"""The API root (/api/v1/): the router's resources, and the network's open datasets with
the address of each file, its Table Schema and the DCAT catalogue (issue 10: "the
datasets are reachable from the API root"). The files are pages of the site, not API
resources: anyone downloads them, without a token."""

from django.urls import reverse
from rest_framework.routers import APIRootView

from labnet.opendata.datasets import DATASETS
from labnet.opendata.scdl import is_available as scdl_is_available


def open_data_links(request) -> dict:
    def absolute(name, **kwargs):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))

    datasets = {
        dataset.key: {
            "title": str(dataset.title),
            "csv": absolute("opendata:download_csv", key=dataset.key),
            "json": absolute("opendata:download_json", key=dataset.key),
            "schema": absolute("opendata:schema", key=dataset.key),
        }
        for dataset in DATASETS
    }
    if scdl_is_available():
        datasets["financements"]["scdl_csv"] = absolute("opendata:scdl_csv")
    return {
        "page": absolute("opendata:index"),
        "catalogue_jsonld": absolute("opendata:catalogue_jsonld"),
        "catalogue_ttl": absolute("opendata:catalogue_ttl"),
        "datasets": datasets,
    }


class ApiRootView(APIRootView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["open_data"] = open_data_links(request)
        return response
