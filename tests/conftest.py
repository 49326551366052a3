"""Fixtures several test modules share."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def model():
    """The bundled tradeoff model (options x criteria scores)."""
    from kit.tradeoffs import model as t

    return t.load_model()


@pytest.fixture(scope="module")
def turkey():
    """Turkey's default weights."""
    from kit.tradeoffs import model as t

    return t.stakeholder_weights(t.load_weights(), "turkey")
