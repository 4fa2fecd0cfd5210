"""opennem."""
