"""The stores: the database ports of the domain's capabilities, on tortoise."""
