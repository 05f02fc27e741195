"""Clusters of unknown faces an organizer names (unclaimed persons) and the parent's claim."""
