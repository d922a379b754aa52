"""ASGI entry point: ``uvicorn psephos.web.asgi:app`` (settings from ``PSEPHOS_*`` variables).

Heavy computations (forecasts, projections, uncached advice) run in worker threads of the same
process as the event loop that answers cheap lookups. The interpreter hands its lock between
threads every 5 ms by default, so while a heavy computation runs, every step of a cheap request
can wait up to 5 ms for the lock; a 0.5 ms switch interval keeps lookups fast during floods
(``benchmarks/web_service_levels.py --scenario flood``).
"""

import sys

from psephos.web.app import create_app

GIL_SWITCH_SECONDS = 0.0005

sys.setswitchinterval(GIL_SWITCH_SECONDS)
app = create_app()
