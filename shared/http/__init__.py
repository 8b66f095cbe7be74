"""The HTTP adapter shared by all functions: routes and their roles, parsing, problem+json."""
