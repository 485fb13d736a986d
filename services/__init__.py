"""Reference records and dispatch services for the 12349 assistant (see README.md)."""
