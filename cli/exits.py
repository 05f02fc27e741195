"""The ``facedrop`` command's exit statuses."""

EXIT_OK = 0
EXIT_FAILURE = 1  # something failed: a health check, a model that will not load
EXIT_USAGE = 2  # usage or configuration errors
