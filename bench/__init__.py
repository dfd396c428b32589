"""Benchmarks; run with `make bench`. Never asserted in tests."""
