"""Backups and restores: the database dump, every face of the face index and every blob,
in one directory with a manifest of checksums; restored only into an empty stack."""
