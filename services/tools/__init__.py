"""Development helpers shared by tests and benchmarks (not used by the services)."""
