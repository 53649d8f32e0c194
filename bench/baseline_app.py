"""The learning app of another checkout, for a baseline in the same benchmark run:

    SERVICELOOP_BASELINE_ROOT=/path/to/main python -m bench.learning_today --graphql-app bench.baseline_app:create_app

The GraphQL server then runs that checkout's `services` package; the bare handler and the load stay this one's.
"""

import os
import sys

sys.path.insert(0, os.environ["SERVICELOOP_BASELINE_ROOT"])
for _name in [m for m in sys.modules if m == "services" or m.startswith("services.")]:
    del sys.modules[_name]

from services.learning.app import create_app  # noqa: E402,F401
