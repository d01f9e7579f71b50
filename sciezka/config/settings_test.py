"""Settings for pytest: the production settings in ``SCIEZKA_MODE=test`` with a throw-away data directory.

pytest-django imports the settings before any conftest runs, so the mode is set here.
"""

import os
import tempfile

os.environ["SCIEZKA_MODE"] = "test"
os.environ.setdefault("SCIEZKA_DATA_DIR", tempfile.mkdtemp(prefix="sciezka-test-"))

from sciezka.config.settings import *  # noqa: F403
