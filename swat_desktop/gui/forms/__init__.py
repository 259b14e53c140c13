"""Python forms compiled from ../../../ui/*.ui by `make forms`; never edited by hand."""
