"""Project-wide pytest set-up: tests run in ``SCIEZKA_MODE=test`` with a throw-away data directory."""

import os
import tempfile

os.environ["SCIEZKA_MODE"] = "test"
os.environ.setdefault("SCIEZKA_DATA_DIR", tempfile.mkdtemp(prefix="sciezka-test-"))
