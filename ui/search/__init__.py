"""Finding things: the search dock and its actions."""
