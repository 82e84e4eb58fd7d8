"""Reads for colleges, one module per part; access is checked in every selector."""
