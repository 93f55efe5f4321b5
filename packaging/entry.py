"""The bundle's entry point: the same command line as the `assistant` console script.

freeze_support() first: the parser worker is a spawned process, which in a frozen app is this
same executable started with multiprocessing's own arguments."""
import multiprocessing
import os
import sys


def _system_library_path_for_children() -> None:
    """On Linux the bootloader points LD_LIBRARY_PATH at the bundle's own libraries. The loader
    read it when this process started, so clearing it here changes nothing for the app; but
    the programs the app starts (tesseract for OCR, nvidia-smi, xdg-open to show a file) would
    otherwise load the bundle's libstdc++, libpng, libz... instead of their own, and fail on a
    newer distribution than the one the bundle was built on."""
    if not (sys.platform.startswith("linux") and getattr(sys, "frozen", False)):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _system_library_path_for_children()
    from assistant.cli import main

    raise SystemExit(main())
