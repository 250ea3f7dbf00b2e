"""Pure ASGI middlewares, one concern per module. ``create_app`` stacks them, outermost first:
security headers, catching unexpected errors, the rate limit, the body limit."""
