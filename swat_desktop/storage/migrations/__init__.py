"""Alembic environment shipped inside the package and applied at start-up."""
