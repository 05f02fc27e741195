"""Guardians correct the matching: answer a suggestion, or say of a delivered photo "Not X?"."""
