"""Sending each recognized photo to the guardians who may see it, at most once."""
