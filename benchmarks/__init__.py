"""Benchmarks for ``cleaner``: accuracy on the golden pages and text-mode speed."""
