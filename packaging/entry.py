"""The bundle's entry point: the same command line as the `assistant` console script.

freeze_support() first: the parser worker is a spawned process, which in a frozen app is this
same executable started with multiprocessing's own arguments."""
import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from assistant.cli import main

    raise SystemExit(main())
