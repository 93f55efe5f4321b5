"""Headless core: no Qt here (tests/test_architecture.py checks it)."""
