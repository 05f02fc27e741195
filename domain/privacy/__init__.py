"""A participant's data rights: export what is held; erase a person's faces, a person,
or everything about a participant."""
