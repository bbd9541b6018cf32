"""The full-screen course (Textual). The only package that imports textual."""
