"""Plain data and rules of both procedures: no Qt, no SQL, nothing of the project below it."""
