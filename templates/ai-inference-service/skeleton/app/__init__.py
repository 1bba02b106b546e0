"""${{ values.name }}: a model inference service on the golden path."""
