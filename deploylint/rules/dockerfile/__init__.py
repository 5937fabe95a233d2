"""Built-in dockerfile rules: one module per rule; the registry finds them."""
