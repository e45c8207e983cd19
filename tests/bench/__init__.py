"""The benchmark of issue 6: synthetic counties (generate.py), the builds it compares (run.py)."""
