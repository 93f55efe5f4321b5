"""Switch off every hub look-up and telemetry ping the libraries we use know about.

Must run before huggingface_hub / transformers / sentence_transformers are imported,
because they read these variables at import time.
"""
import os
import sys

_SWITCHES = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # Progress bars from model loading would garble our own stderr (and the one-line errors).
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TQDM_DISABLE": "1",
    "LANCEDB_TELEMETRY": "0",
}
# Quiet by default, but a user's own setting wins.
_DEFAULTS = {"LANCE_LOG": "error", "RUST_LOG": "error"}


def enforce() -> None:
    for key, value in _SWITCHES.items():
        os.environ[key] = value
    # openvino_telemetry has no off switch in the environment: on first use it reports to Google
    # Analytics unless a consent file in the user's home says no (caught by tests/test_offline.py).
    # OpenVINO falls back to its built-in stub when the package cannot be imported.
    sys.modules.setdefault("openvino_telemetry", None)
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
