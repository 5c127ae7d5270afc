from tests.funding.fixtures import *  # noqa: F403
