"""jianguan (监管): supervision measures for administrative approval items, as code."""

__version__ = "0.1.0"
