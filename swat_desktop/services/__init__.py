"""Use cases. Each public function owns one transaction and returns plain domain objects."""
