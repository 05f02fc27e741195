"""Background work: the job queue port, requests kept in Postgres until done, and the
reconcile cron."""
