"""The groups the bot is in: joined, greeted once, migrated to a supergroup, left."""
