"""Benchmarks named in the issues. `make bench` prints figures; nothing here passes or fails."""
