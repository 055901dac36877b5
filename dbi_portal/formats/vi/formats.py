"""Vietnamese number formats beyond Django's own: Django's "vi" sets the separators but no grouping,
so 3604 printed as "3604" on the pages while the yearly report's PDF prints "3.604". The rest of the
formats (dates) come from Django's module, read after this one."""

NUMBER_GROUPING = 3
