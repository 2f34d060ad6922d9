"""The dashboard's read queries: functions that take a Session, read, and return plain data."""
