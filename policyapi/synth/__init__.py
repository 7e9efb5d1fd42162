"""Synthetic datasets for load tests and benchmarks: never imported by the serving path."""
