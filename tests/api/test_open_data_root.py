"""The API root lists the open datasets: each file, its schema and the DCAT catalogue,
at addresses that answer."""

import pytest
from rest_framework.test import APIClient

from labnet.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_the_root_lists_every_open_dataset_and_each_address_answers(client):
    root = APIClient().get("/api/v1/")
    assert root.status_code == 200
    data = root.json()
    assert data["labs"] == "http://testserver/api/v1/labs/"
    open_data = data["open_data"]
    assert open_data["catalogue_jsonld"] == "http://testserver/donnees/catalogue.jsonld"
    assert list(open_data["datasets"]) == [dataset.key for dataset in DATASETS]
    assert "financements" in open_data["datasets"] and "indicateurs" in open_data["datasets"]
    assert open_data["datasets"]["financements"]["scdl_csv"] == (
        "http://testserver/donnees/financements.scdl.csv"
    )
    urls = [open_data["page"], open_data["catalogue_ttl"]]
    for links in open_data["datasets"].values():
        urls += [url for name, url in links.items() if name != "title"]
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_without_the_awarding_bodys_siret_the_root_offers_no_scdl_file(settings):
    settings.LABNET_ATTRIBUTING_SIRET = ""
    financements = APIClient().get("/api/v1/").json()["open_data"]["datasets"]["financements"]
    assert "scdl_csv" not in financements
