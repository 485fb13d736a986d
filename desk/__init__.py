"""The 12349 operator desk: hand-overs from every channel reach a person with the whole context."""
