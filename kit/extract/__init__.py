"""Extractors: each module finds one kind of thing in an Article and returns a documented table."""
