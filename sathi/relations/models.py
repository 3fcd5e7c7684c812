"""The social-relations map, the life course, and the reintegration safety check (issue 5)."""
