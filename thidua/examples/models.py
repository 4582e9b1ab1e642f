"""Models of the examples app."""
