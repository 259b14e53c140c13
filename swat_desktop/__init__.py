"""SWAT Desktop: offline tool for the mal escalados and inoperatividad procedures."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "SWAT Desktop"

try:
    __version__ = version("swat-desktop")
except PackageNotFoundError:  # a frozen bundle or a bare source tree without metadata
    __version__ = "0.1.0"
