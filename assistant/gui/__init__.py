"""The desktop app. The only package that imports PySide6; the core never does."""
