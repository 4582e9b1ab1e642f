"""Models of the commendations app."""
