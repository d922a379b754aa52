"""The swing models psephos names by default, in a module that imports nothing, so that a
command can show them in its help without loading the models (:mod:`psephos.projection.models`
registers them and re-exports these names)."""

from __future__ import annotations

#: The model docs/backtests.md reports as psephos's best given true regional shares and the
#: candidate lists (the forecast calibration's mean projection).
HEADLINE_MODEL = "adaptive-incumbency"
#: The model every command and page uses when none is named (``project``, ``forecast``,
#: ``advise --poll``, ``target --poll``, ``pact --poll``, the web swingometer and the library's
#: :func:`~psephos.projection.project`). The one place to change it. Chosen by
#: :func:`psephos.projection.backtest.default_model_rule`: the model with the smallest GB seat
#: error from true GB shares over the bundled elections, each tested out of sample (the same
#: rule applied to the elections before 2017, 2019 or 2024 picks it too; docs/backtests.md).
DEFAULT_MODEL = "national"
