"""Built-in ECS task and service definition rules: one module per rule; the registry finds them."""
