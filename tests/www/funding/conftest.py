from tests.funding.conftest import other_lab, other_lead, people, relance, twelve  # noqa: F401
