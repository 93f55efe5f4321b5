"""A private, offline assistant for a person's own documents."""
from assistant.core.platform import offline as _offline

# Before anything imports huggingface_hub, transformers or torch: never reach for the network.
_offline.enforce()

__version__ = "0.1.0"
