from pathlib import Path

import pytest

from labnet.imports.services import network_import

REAL = Path("/work/wt/impact/data/network")


@pytest.mark.django_db
def test_smoke(client):
    assert network_import(path=REAL).ok
    for url in [
        "/feuilles-de-route/",
        "/feuilles-de-route/cap-2030-pays-de-la-loire/",
        "/feuilles-de-route/lab-est-feuille-de-route/",
        "/projets/lab-o-accelerateur-france-relance-hautes-pyrenees/",
        "/laboratoires/etat-lin/",
        "/en/feuilles-de-route/cap-2030-pays-de-la-loire/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
    html = client.get("/feuilles-de-route/cap-2030-pays-de-la-loire/").content.decode()
    print(html[html.index("<h1") : html.index("<h1") + 3000])
    html = client.get(
        "/projets/lab-o-accelerateur-france-relance-hautes-pyrenees/"
    ).content.decode()
    i = html.index('id="indicators"')
    print(html[i : i + 2500])
