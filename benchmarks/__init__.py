"""Benchmark suite (see README.md); not part of the installed app."""
