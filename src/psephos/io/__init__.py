"""Reading and writing elections: the bundled dataset and users' own files."""
