"""The screens of the course app."""
