import os

# The example model of the repository, the one a local `python -m app` serves.
EXAMPLE_MODEL = os.path.join(os.path.dirname(__file__), "..", "model", "example.json")
