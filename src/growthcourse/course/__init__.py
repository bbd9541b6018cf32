"""The course model and its loader (pure Python, no textual)."""
