"""A blocked internet -> database path is never 'fixed' by publishing the database."""

from pathlib import Path

from cloudwright.engine.io import load_design
from cloudwright.engine.reach import Analyzer
from tests.engine.foundation.builders import small_vpc

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "web-3tier.yaml"


def test_internet_to_private_database_offers_no_fix() -> None:
    """The block is the right answer; a public address would create the exposure error instead."""
    result = Analyzer(small_vpc()).can_reach("internet", "db", "tcp", 3306)
    assert result.reachable is False
    assert result.fixes == ()


def test_example_database_stays_private() -> None:
    """The README's example: the internet cannot reach the orders database, and no fix opens it."""
    result = Analyzer(load_design(EXAMPLE)).can_reach("internet", "db-primary", "tcp", 3306)
    assert result.reachable is False and result.fixes == ()
