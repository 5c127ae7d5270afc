from tests.impact.conftest import indicator, roles  # noqa: F401
