"""gdgrade: grade the gradient-descent challenge pack (see README.md)."""

__version__ = "0.1.0"
