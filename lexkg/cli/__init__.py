"""The ``lexkg`` command line."""

from lexkg.cli.main import main

__all__ = ["main"]
