"""Geodata, coordinates and maps (no widgets)."""
