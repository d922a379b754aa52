"""How a pact's choices are read and checked (:mod:`psephos.pacts.choices`)."""

from __future__ import annotations

import numpy as np
import pytest

from psephos.errors import DataFormatError
from psephos.pacts.choices import OBJECTIVES, check_objective


def test_the_majority_objective_needs_draws_named_as_the_caller_names_them() -> None:
    with pytest.raises(DataFormatError, match=r"^--objective majority needs --draws or --sims\.$"):
        check_objective("majority", None)
    with pytest.raises(DataFormatError, match=r"^objective majority needs sims\.$"):
        check_objective("majority", None, name="objective", draws_names="sims")
    for objective in OBJECTIVES:
        check_objective(objective, np.zeros((2, 1, 1)))  # with draws every objective is fine
    check_objective("seats", None)  # expected seats need no draws


def test_an_unknown_objective_names_the_choices() -> None:
    with pytest.raises(DataFormatError, match="Unknown objective 'majorty'; choose seats or "):
        check_objective("majorty", None, name="objective")
