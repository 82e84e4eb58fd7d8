"""Writes for colleges, one module per part: every one checks access, validates, audits."""
