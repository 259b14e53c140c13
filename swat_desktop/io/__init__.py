"""Readers and writers of outside formats (xlsx, PDF); they know files, not the database."""
