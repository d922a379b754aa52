"""Every Hypothesis test runs under the one profile of ``tests/conftest.py``: no deadline and no
"too slow" health check, so a loaded machine (the README's two-core runs) does not fail a test
whose examples build elections or run commands."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS = Path(__file__).resolve().parent


def test_the_profile_has_no_deadline_and_allows_slow_examples() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


def test_no_test_sets_health_checks_that_drop_the_profile_s() -> None:
    """A test's own ``suppress_health_check`` replaces the profile's list, so it starts from it
    (or suppresses them all), and none sets a deadline of its own."""
    for path in sorted(set(TESTS.rglob("test_*.py")) - {Path(__file__).resolve()}):
        text = path.read_text("utf-8")
        for found in re.finditer(r"suppress_health_check=(\[[^\]]*\]|[^,\n]+)", text):
            given = found.group(1)
            keeps = "settings.default.suppress_health_check" in given
            assert keeps or given == "list(HealthCheck)", f"{path.name}: {given}"
        assert not re.search(r"deadline=\d", text), path.relative_to(TESTS)
