from thidua.commendations.tests.conftest import award  # noqa: F401  (the award catalogue fixture)
