"""The few named errors armswatch raises."""


class ArmswatchError(Exception):
    """Base class for errors meant for the user (printed without a traceback)."""


class InputError(ArmswatchError):
    """A piece of input that cannot be read; names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class ConfigError(ArmswatchError):
    """A configuration file or key that is wrong; names the file and the key."""

    def __init__(self, path: str, key: str, message: str):
        self.path, self.key, self.message = str(path), key, message
        super().__init__(f"{path}: [{key}] {message}")


class DataError(ArmswatchError):
    """A bundled or user-supplied data file (actors, lexicons) that fails validation."""
