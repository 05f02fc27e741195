"""The arq workers: recognize, enroll, deliver, cleanup, reconcile. Arrive with issue #4."""
