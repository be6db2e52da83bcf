"""What comes into and goes out of a book as data: import from the interchange format."""
