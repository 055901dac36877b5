"""Importing the registry from the spreadsheets officers receive: read, match columns, validate,
compare with the registry, then write everything or nothing."""
