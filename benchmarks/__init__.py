"""Benchmarks: a seeded data generator and the runner behind ``make bench``."""
