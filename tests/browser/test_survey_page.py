"""The impact survey page, opened from its e-mail's link (no link of the site reaches it, so
the every-page sweep cannot): axe-core in French and English, at desktop and phone width,
and a failed submit that keeps what was typed."""

import pytest

from labnet.impact.models import ImpactSurvey
from tests.factories import LabFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_survey_page_passes_axe_in_both_languages(page, axe_check, width):
    lab = LabFactory()
    survey = ImpactSurvey.objects.create(
        kind="project", project=ProjectFactory(lead_lab=lab), lab=lab, email="a@example.fr"
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/impact/enquete/{survey.token}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("Qu'est-ce qui a changé grâce à l'accompagnement ?").fill(
        "Un délai divisé par deux"
    )
    page.get_by_role("button", name="Envoyer mes réponses").click()
    assert "Choisissez votre satisfaction" in page.content()
    assert "Un délai divisé par deux" in page.content()
    axe_check(page)
    page.goto(f"/en/impact/enquete/{survey.token}/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
