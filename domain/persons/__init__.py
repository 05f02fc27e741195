"""The persons a guardian holds: cards, renames, merges, co-guardians, and who may do what."""
