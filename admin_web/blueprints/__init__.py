"""One blueprint per area of the admin web."""
