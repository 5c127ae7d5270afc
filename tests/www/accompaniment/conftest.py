from tests.projects.fixtures import *  # noqa: F403
