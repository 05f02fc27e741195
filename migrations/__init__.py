"""tortoise-orm migrations of the facedrop app; write new ones with `make migrations`."""
