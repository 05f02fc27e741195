"""Enrolling a person: a name, then photos of their face checked one by one (service and rules)."""
