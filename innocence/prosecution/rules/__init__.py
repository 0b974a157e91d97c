"""Finding rules of the Prosecution lens."""
