"""Pieces shared by the records and dispatch apps: database, auth, errors, ids."""
