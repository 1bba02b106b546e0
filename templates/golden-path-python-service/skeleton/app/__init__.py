"""${{ values.name }}: an HTTP service on the golden path."""
