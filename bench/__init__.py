"""Benchmarks: runnable scripts that print their figures (`make bench`; see bench/README.md). Never timed tests."""
