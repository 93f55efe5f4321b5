"""The answer server's API key: from ASSISTANT_LLM_API_KEY, else the system keyring — never
settings.toml, which users copy, back up and paste into bug reports.

The keyring is optional: without the package, or on a machine with no keyring service (a
headless Linux box), reading gives None and saving says why in one sentence.
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

ENV = "ASSISTANT_LLM_API_KEY"
SERVICE = "assistant-llm"


class KeyringUnavailable(Exception):
    """One sentence for the user: why the key cannot be kept in the keyring."""


def _keyring():
    try:
        import keyring
    except ImportError:
        raise KeyringUnavailable("the keyring package is not installed; set ASSISTANT_LLM_API_KEY "
                                 "instead") from None
    return keyring


def api_key(url: str) -> str | None:
    """The key for this server URL (keyring entries are per URL), or None."""
    if os.environ.get(ENV):
        return os.environ[ENV]
    if not url:
        return None
    try:
        return _keyring().get_password(SERVICE, url) or None
    except Exception as exc:  # noqa: BLE001 - no keyring backend is the same as no key
        log.info("no API key from the keyring (%s)", exc)
        return None


def save_api_key(url: str, key: str) -> None:
    """Store (or, with an empty key, remove) the key for this URL in the system keyring."""
    kr = _keyring()
    try:
        if key:
            kr.set_password(SERVICE, url, key)
        else:
            try:
                kr.delete_password(SERVICE, url)
            except Exception:  # noqa: BLE001 - nothing stored is fine
                pass
    except Exception as exc:  # noqa: BLE001 - keyring raises backend-specific errors
        raise KeyringUnavailable(f"the system keyring cannot store the key ({exc}); set "
                                 "ASSISTANT_LLM_API_KEY instead") from None
