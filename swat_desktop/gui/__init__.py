"""Qt front end. It talks to services and domain objects only, never to the database."""
