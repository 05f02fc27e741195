"""A guardian joins a group through its deep link and agrees to how their data is used."""
