from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Property tests: 150 examples each by default; HYPOTHESIS_PROFILE=thorough for a long run.
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-goldens",
        action="store_true",
        default=False,
        help="rewrite fixtures/**/*.expected.txt from the current output; review the git diff",
    )
