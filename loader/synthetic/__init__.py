"""A vectorised, seed-deterministic imitation of Google's theLook generator (`fake.py`)."""
