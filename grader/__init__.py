"""gdgrade: grade the gradient-descent challenge pack (see README.md)."""

__version__ = "0.2.0"
