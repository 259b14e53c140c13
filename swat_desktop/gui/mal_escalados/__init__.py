"""The Mal escalados workspace: import, review, assignment."""
