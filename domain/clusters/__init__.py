"""Clusters of unknown faces: a group's faces that nobody holds, grouped by likeness, so
that a child nobody enrolled yet is one group of faces to name once, not many."""
