"""Built-in project rules: one module per rule; the registry finds them."""
