"""The one exception the engine raises: a request it cannot answer, with the reason."""


class EngineError(ValueError):
    """A request is malformed or names something that does not exist."""
